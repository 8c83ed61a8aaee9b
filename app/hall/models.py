"""Tables of the hall's service procedures. They point at the records room's windows, staff,
service items, cases, complaints and ratings (app/records/models.py), never copy them.

Nothing is deleted (void / revoke with a reason); rows people edit carry row_version as the
optimistic-locking column. Dates are China dates; times naive UTC (app.core.timeutil.utcnow).
"""

from ..centers.models import CenterOwned
from ..core.timeutil import utcnow
from ..extensions import db


class _Versioned:
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    created_by_id = db.Column(db.Integer, nullable=True)


# --------------------------------------------------------------------------- 首问负责


class FirstContact(CenterOwned, _Versioned, db.Model):
    """首问登记: the matter a visitor brought, owned by its current window until it reaches a
    case (case_id) or an answer (answer, answered_on)."""

    __tablename__ = "hall_first_contacts"
    __table_args__ = (db.UniqueConstraint("center_id", "number", name="uq_hall_first_contacts_center_number"),)

    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(30), nullable=False)
    visitor = db.Column(db.String(80), nullable=False)
    visitor_phone = db.Column(db.String(40), nullable=False, default="")
    matter = db.Column(db.String(300), nullable=False)
    contact_at = db.Column(db.DateTime, nullable=False)  # China local time
    contact_on = db.Column(db.Date, nullable=False, index=True)
    first_window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=False)
    first_staff_id = db.Column(db.Integer, db.ForeignKey("rec_staff.id"), nullable=True)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=False, index=True)  # owner now
    status = db.Column(db.String(20), nullable=False, default="open", index=True)
    handovers = db.Column(db.Integer, nullable=False, default=0)
    shirked_on = db.Column(db.Date, nullable=True, index=True)  # 推诿 flagged on
    shirk_window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=True)
    answer = db.Column(db.Text, nullable=False, default="")
    answered_on = db.Column(db.Date, nullable=True)
    case_id = db.Column(db.Integer, db.ForeignKey("rec_cases.id"), nullable=True)
    source = db.Column(db.String(20), nullable=False, default="desk")  # desk / queue (排队叫号)
    ticket = db.Column(db.String(30), nullable=False, default="")
    item_id = db.Column(db.Integer, db.ForeignKey("rec_service_items.id"), nullable=True)  # 取号时选的事项

    first_window = db.relationship("Window", foreign_keys=[first_window_id])
    window = db.relationship("Window", foreign_keys=[window_id])
    first_staff = db.relationship("Staff")
    case = db.relationship("Case")
    item = db.relationship("ServiceItem")
    transfers = db.relationship("Handover", back_populates="contact", order_by="Handover.id")

    row_version = db.Column(db.Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": row_version}

    @property
    def personal_data_window_ids(self) -> set[int]:
        """The windows whose staff need the visitor's name and phone (app/auth/permissions.py,
        own_window_only): the window owning the matter and, while a hand-over waits for its
        confirmation, the receiving window. A window that passed the matter on no longer does."""
        ids = {self.window_id}
        if self.status == "handed":
            ids.update(h.to_window_id for h in self.transfers if h.confirmed_at is None)
        return ids


class Handover(CenterOwned, db.Model):
    """One hand-over of a first-contact matter; confirmed by the receiving window."""

    __tablename__ = "hall_handovers"

    id = db.Column(db.Integer, primary_key=True)
    contact_id = db.Column(db.Integer, db.ForeignKey("hall_first_contacts.id"), nullable=False, index=True)
    from_window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=False)
    to_window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=False, index=True)
    handed_on = db.Column(db.Date, nullable=False)
    handed_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    handed_by_id = db.Column(db.Integer, nullable=True)
    reason = db.Column(db.String(300), nullable=False, default="")
    confirmed_at = db.Column(db.DateTime, nullable=True)
    confirmed_by_id = db.Column(db.Integer, nullable=True)

    contact = db.relationship("FirstContact", back_populates="transfers")
    from_window = db.relationship("Window", foreign_keys=[from_window_id])
    to_window = db.relationship("Window", foreign_keys=[to_window_id])


# --------------------------------------------------------------------------- 一次性告知


class MaterialList(CenterOwned, db.Model):
    """申请材料目录 of a service item from valid_from on (until the next one). Never edited."""

    __tablename__ = "hall_material_lists"

    id = db.Column(db.Integer, primary_key=True)
    item_id = db.Column(db.Integer, db.ForeignKey("rec_service_items.id"), nullable=False, index=True)
    valid_from = db.Column(db.Date, nullable=False)
    note = db.Column(db.String(300), nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    created_by_id = db.Column(db.Integer, nullable=True)

    item = db.relationship("ServiceItem")
    entries = db.relationship("MaterialEntry", back_populates="list", order_by="MaterialEntry.position")

    __table_args__ = (db.UniqueConstraint("item_id", "valid_from", name="uq_hall_material_lists_item_from"),)


class MaterialEntry(CenterOwned, db.Model):
    __tablename__ = "hall_material_entries"

    id = db.Column(db.Integer, primary_key=True)
    list_id = db.Column(db.Integer, db.ForeignKey("hall_material_lists.id"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=1)
    key = db.Column(db.String(60), nullable=False)
    name = db.Column(db.String(200), nullable=False)
    form = db.Column(db.String(20), nullable=False, default="original")
    count = db.Column(db.Integer, nullable=False, default=1)
    template = db.Column(db.String(200), nullable=False, default="")
    legal_basis = db.Column(db.String(300), nullable=False, default="")

    list = db.relationship("MaterialList", back_populates="entries")


class SupplementNotice(CenterOwned, db.Model):
    """一次性告知书: numbered, lists every missing material of the case's item and the deadline.
    `breach_keys` holds the materials a later notice asks for that the first one did not."""

    __tablename__ = "hall_supplement_notices"

    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(40), nullable=False)
    year = db.Column(db.Integer, nullable=False)
    seq = db.Column(db.Integer, nullable=False)
    case_id = db.Column(db.Integer, db.ForeignKey("rec_cases.id"), nullable=False, index=True)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=False)
    material_list_id = db.Column(db.Integer, db.ForeignKey("hall_material_lists.id"), nullable=True)
    issued_on = db.Column(db.Date, nullable=False, index=True)
    deadline_on = db.Column(db.Date, nullable=False)
    missing = db.Column(db.JSON, nullable=False, default=list)  # [{key, name, form, count, template, legal_basis}]
    breach_keys = db.Column(db.JSON, nullable=False, default=list)
    note = db.Column(db.Text, nullable=False, default="")
    issued_by_id = db.Column(db.Integer, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    case = db.relationship("Case")
    window = db.relationship("Window")

    __table_args__ = (
        db.UniqueConstraint("center_id", "number", name="uq_hall_supplement_notices_center_number"),
        db.UniqueConstraint("center_id", "year", "seq", name="uq_hall_supplement_notices_center_year_seq"),
    )

    @property
    def missing_keys(self) -> list[str]:
        return [m["key"] for m in (self.missing or [])]


class NoticeMessage(CenterOwned, db.Model):
    """A 一次性告知书 sent to the applicant by SMS or e-mail (the outbox): queued by the window,
    sent by the job `hall.outbox` when next_attempt_at is due, retried with a doubling wait;
    `failed` once the attempts ran out (shown on the case page; the window may queue it again)."""

    __tablename__ = "hall_notice_messages"

    id = db.Column(db.Integer, primary_key=True)
    notice_id = db.Column(db.Integer, db.ForeignKey("hall_supplement_notices.id"), nullable=False, index=True)
    case_id = db.Column(db.Integer, db.ForeignKey("rec_cases.id"), nullable=False, index=True)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=False)
    channel = db.Column(db.String(10), nullable=False)  # sms / email
    recipient = db.Column(db.String(120), nullable=False)
    subject = db.Column(db.String(200), nullable=False, default="")
    body = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(10), nullable=False, default="pending")
    attempts = db.Column(db.Integer, nullable=False, default=0)
    next_attempt_at = db.Column(db.DateTime, nullable=True)  # UTC; None once sent or failed
    last_attempt_at = db.Column(db.DateTime, nullable=True)
    last_error = db.Column(db.String(500), nullable=False, default="")
    sent_at = db.Column(db.DateTime, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    created_by_id = db.Column(db.Integer, nullable=True)

    notice = db.relationship("SupplementNotice")

    __table_args__ = (db.Index("ix_hall_notice_messages_due", "status", "next_attempt_at"),)
    row_version = db.Column(db.Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": row_version}


# --------------------------------------------------------------------------- 联办件 / 上报件


class JointStage(CenterOwned, _Versioned, db.Model):
    """A window's stage of a joint case: the lead (牵头) or a co-window (协办). due_on and
    yellow_on are stored so the lights page is an indexed query over the open stages."""

    __tablename__ = "hall_joint_stages"

    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("rec_cases.id"), nullable=False, index=True)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=False)
    role = db.Column(db.String(10), nullable=False, default="co")
    started_on = db.Column(db.Date, nullable=False)
    limit_days = db.Column(db.Integer, nullable=False)
    due_on = db.Column(db.Date, nullable=False)
    yellow_on = db.Column(db.Date, nullable=False)
    is_open = db.Column(db.Boolean, nullable=False, default=True)
    answered_on = db.Column(db.Date, nullable=True)
    answer = db.Column(db.String(20), nullable=True)  # agree / disagree / deemed
    answer_note = db.Column(db.Text, nullable=False, default="")
    charged = db.Column(db.Boolean, nullable=False, default=False)  # late window charged

    case = db.relationship("Case")
    window = db.relationship("Window")

    __table_args__ = (
        # The lights page and the 超时默许 sweep read the open stages of the center (is_open and
        # center_id equal: a plan the planner keeps with or without fresh statistics; it was a partial
        # index on is_open that the GROUP BY window_id of the counts passed over for a full scan).
        db.Index("ix_hall_joint_stages_lit", "is_open", "center_id", "window_id", "yellow_on", "due_on"),
        db.Index("ix_hall_joint_stages_window_answered", "window_id", "answered_on"),
        db.Index("ix_hall_joint_stages_charged", "charged", "answered_on"),  # the month's late windows
    )
    row_version = db.Column(db.Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": row_version}


class CaseReport(CenterOwned, _Versioned, db.Model):
    """上报件: the case sent to a higher authority; its clock stands still until the answer."""

    __tablename__ = "hall_case_reports"

    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("rec_cases.id"), nullable=False, index=True)
    authority = db.Column(db.String(120), nullable=False)
    reported_on = db.Column(db.Date, nullable=False)
    answered_on = db.Column(db.Date, nullable=True)
    answer = db.Column(db.Text, nullable=False, default="")
    informed_on = db.Column(db.Date, nullable=True)

    case = db.relationship("Case")

    row_version = db.Column(db.Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": row_version}


# --------------------------------------------------------------------------- 效能投诉


class ComplaintStep(CenterOwned, db.Model):
    """One step of a complaint's handling (GB/T 36113-2018 section 7) done on `done_on`."""

    __tablename__ = "hall_complaint_steps"

    id = db.Column(db.Integer, primary_key=True)
    complaint_id = db.Column(db.Integer, db.ForeignKey("rec_complaints.id"), nullable=False, index=True)
    step = db.Column(db.String(20), nullable=False)
    done_on = db.Column(db.Date, nullable=False)
    due_on = db.Column(db.Date, nullable=True)
    note = db.Column(db.Text, nullable=False, default="")
    user_id = db.Column(db.Integer, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    __table_args__ = (db.UniqueConstraint("complaint_id", "step", name="uq_hall_complaint_steps_step"),)


class Accountability(CenterOwned, db.Model):
    """责任追究 decision on a complaint found 成立 / 部分成立; feeds the window's month."""

    __tablename__ = "hall_accountability"

    id = db.Column(db.Integer, primary_key=True)
    complaint_id = db.Column(db.Integer, db.ForeignKey("rec_complaints.id"), nullable=False, index=True)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=True, index=True)
    staff_id = db.Column(db.Integer, db.ForeignKey("rec_staff.id"), nullable=True)
    decision = db.Column(db.String(30), nullable=False)
    decided_on = db.Column(db.Date, nullable=False, index=True)
    note = db.Column(db.Text, nullable=False, default="")
    decided_by_id = db.Column(db.Integer, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    staff = db.relationship("Staff")
    window = db.relationship("Window")


# --------------------------------------------------------------------------- devices (API)


class Device(CenterOwned, _Versioned, db.Model):
    """A hall device (评价器 or 排队叫号) with its own token, scoped to one window."""

    __tablename__ = "hall_devices"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    kind = db.Column(db.String(20), nullable=False, default="rating")  # rating / queue
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=False)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    token_hint = db.Column(db.String(8), nullable=False, default="")
    revoked_at = db.Column(db.DateTime, nullable=True)
    revoke_reason = db.Column(db.String(200), nullable=False, default="")
    last_used_at = db.Column(db.DateTime, nullable=True)

    window = db.relationship("Window")

    row_version = db.Column(db.Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": row_version}


# --------------------------------------------------------------------------- 季评公示, 效能监督员


class Supervisor(CenterOwned, _Versioned, db.Model):
    """效能监督员: an external efficiency supervisor appointed for a term."""

    __tablename__ = "hall_supervisors"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(40), nullable=False)
    affiliation = db.Column(db.String(120), nullable=False, default="")  # 人大代表、政协委员、企业代表 …
    phone = db.Column(db.String(40), nullable=False, default="")
    appointed_on = db.Column(db.Date, nullable=False)
    term_ends_on = db.Column(db.Date, nullable=True)
    ended_on = db.Column(db.Date, nullable=True)
    end_reason = db.Column(db.String(200), nullable=True)

    row_version = db.Column(db.Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": row_version}


class SupervisorVisit(CenterOwned, db.Model):
    """A supervisor's visit to a window: findings and a score 0–100."""

    __tablename__ = "hall_supervisor_visits"

    id = db.Column(db.Integer, primary_key=True)
    supervisor_id = db.Column(db.Integer, db.ForeignKey("hall_supervisors.id"), nullable=False, index=True)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=False, index=True)
    visited_on = db.Column(db.Date, nullable=False, index=True)
    score = db.Column(db.Integer, nullable=True)
    findings = db.Column(db.Text, nullable=False, default="")
    created_by_id = db.Column(db.Integer, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    supervisor = db.relationship("Supervisor")
    window = db.relationship("Window")


class QuarterReview(CenterOwned, _Versioned, db.Model):
    """季评: one quarter's results (scores frozen in `results`), 公示 and appeals window."""

    __tablename__ = "hall_quarter_reviews"

    id = db.Column(db.Integer, primary_key=True)
    year = db.Column(db.Integer, nullable=False)
    quarter = db.Column(db.Integer, nullable=False)
    status = db.Column(db.String(20), nullable=False, default="draft")  # draft / publicity / final
    results = db.Column(db.JSON, nullable=False, default=list)
    notice_number = db.Column(db.String(40), nullable=True)
    published_on = db.Column(db.Date, nullable=True)
    publicity_end = db.Column(db.Date, nullable=True)

    __table_args__ = (db.UniqueConstraint("center_id", "year", "quarter", name="uq_hall_quarter_reviews_center_yq"),)
    row_version = db.Column(db.Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": row_version}


class QuarterAppeal(CenterOwned, db.Model):
    """An appeal by a window against its 季评 result during the 公示 (decided with a reason;
    an upheld appeal sets the window's corrected score and the places are recounted)."""

    __tablename__ = "hall_quarter_appeals"

    id = db.Column(db.Integer, primary_key=True)
    review_id = db.Column(db.Integer, db.ForeignKey("hall_quarter_reviews.id"), nullable=False, index=True)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=False)
    reason = db.Column(db.Text, nullable=False)
    filed_on = db.Column(db.Date, nullable=False)
    filed_by_id = db.Column(db.Integer, nullable=True)
    decision = db.Column(db.String(20), nullable=True)  # upheld / rejected
    decision_note = db.Column(db.Text, nullable=False, default="")
    corrected_score = db.Column(db.Float, nullable=True)
    decided_on = db.Column(db.Date, nullable=True)
    decided_by_id = db.Column(db.Integer, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    window = db.relationship("Window")
