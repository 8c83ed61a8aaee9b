"""Quality records of the hall (ISO 9001 7.5.3): organisation, service items, cases, complaints,
public ratings, commendations, attendance and duty.

Nothing here is deleted: a wrong record is corrected (audited) or voided with a reason
(`voided_at`, `void_reason`). People edit these rows, so each carries `row_version` as the
optimistic-locking column; a stale save raises StaleDataError and is refused with a message.

Cases store their computed dates (due_on, yellow_on, completed_on, used_days) so statistics and
the red/yellow page are plain SQL aggregates over indexed columns (2 million cases in the bench).
"""

from ..centers.models import CenterOwned
from ..core.timeutil import utcnow
from ..extensions import db
from .logic.vocab import (  # noqa: F401  (re-exported: other domains import them from models)
    ATTENDANCE_SLOTS,
    ATTENDANCE_STATUSES,
    CASE_ACCEPTED,
    CASE_COMPLETED,
    CASE_RECEIVED,
    CASE_REFUSED_ACCEPT,
    CASE_STATES,
    CASE_SUPPLEMENT,
    CASE_WITHDRAWN,
    COMMENDATION_KINDS,
    COMPLAINT_CHANNELS,
    COMPLAINT_FINDINGS,
    DUTY_KINDS,
    HANDLING_CLASSES,
    ITEM_TYPES,
    MEDIA_LEVELS,
    OPEN_STATES,
    OUTCOMES,
    RATING_CHANNELS,
    RATING_GRADES,
)


class VoidableMixin:
    """Void with a reason instead of deleting; audited by the service that voids."""

    voided_at = db.Column(db.DateTime, nullable=True)
    void_reason = db.Column(db.Text, nullable=True)
    voided_by_id = db.Column(db.Integer, nullable=True)

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


# --------------------------------------------------------------------------- organisation


class Department(CenterOwned, VoidableMixin, db.Model):
    """进驻单位."""

    __tablename__ = "rec_departments"
    __table_args__ = (db.UniqueConstraint("center_id", "name", name="uq_rec_departments_center_name"),)

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    short_name = db.Column(db.String(20), nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": row_version}


class Window(CenterOwned, VoidableMixin, db.Model):
    """窗口: numbered, belongs to a department, open between two dates."""

    __tablename__ = "rec_windows"
    __table_args__ = (db.UniqueConstraint("center_id", "number", name="uq_rec_windows_center_number"),)

    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(20), nullable=False)  # e.g. "12" or "A03"
    name = db.Column(db.String(80), nullable=False)
    department_id = db.Column(db.Integer, db.ForeignKey("rec_departments.id"), nullable=False, index=True)
    opened_on = db.Column(db.Date, nullable=True)
    closed_on = db.Column(db.Date, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    department = db.relationship("Department")

    __mapper_args__ = {"version_id_col": row_version}

    @property
    def label(self) -> str:
        return f"{self.number}号 {self.name}"


class Staff(CenterOwned, VoidableMixin, db.Model):
    """工作人员 seconded by a department. Linked to an account by users.staff_id (no FK)."""

    __tablename__ = "rec_staff"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(40), nullable=False, index=True)
    department_id = db.Column(db.Integer, db.ForeignKey("rec_departments.id"), nullable=True, index=True)
    post = db.Column(db.String(40), nullable=False, default="")  # 岗位 / 职务
    is_chief_rep = db.Column(db.Boolean, nullable=False, default=False)  # 首席代表
    phone = db.Column(db.String(40), nullable=False, default="")
    joined_on = db.Column(db.Date, nullable=True)
    left_on = db.Column(db.Date, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    department = db.relationship("Department")

    __mapper_args__ = {"version_id_col": row_version}


class RosterEntry(CenterOwned, VoidableMixin, db.Model):
    """One line of a window's yearly roster (窗口人员名单). position 1 is the window lead.

    A move between windows closes the old line (`ended_on`, `end_reason`) and opens a new one,
    so the history of who served where stays readable."""

    __tablename__ = "rec_roster_entries"

    id = db.Column(db.Integer, primary_key=True)
    year = db.Column(db.Integer, nullable=False)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=False)
    staff_id = db.Column(db.Integer, db.ForeignKey("rec_staff.id"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=1)
    started_on = db.Column(db.Date, nullable=True)
    ended_on = db.Column(db.Date, nullable=True)
    end_reason = db.Column(db.String(200), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    window = db.relationship("Window")
    staff = db.relationship("Staff")

    __table_args__ = (db.Index("ix_rec_roster_window_year", "window_id", "year", "position"),)
    __mapper_args__ = {"version_id_col": row_version}


# --------------------------------------------------------------------------- service items


class ServiceItem(CenterOwned, VoidableMixin, db.Model):
    """进厅项目. What may change over time (type, limits, class, fee) lives in ItemRevision."""

    __tablename__ = "rec_service_items"
    __table_args__ = (db.UniqueConstraint("center_id", "code", name="uq_rec_service_items_center_code"),)

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(40), nullable=False)
    name = db.Column(db.String(200), nullable=False)
    department_id = db.Column(db.Integer, db.ForeignKey("rec_departments.id"), nullable=False, index=True)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=True, index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    department = db.relationship("Department")
    window = db.relationship("Window")
    revisions = db.relationship("ItemRevision", back_populates="item", order_by="ItemRevision.valid_from")

    __mapper_args__ = {"version_id_col": row_version}


class ItemRevision(CenterOwned, db.Model):
    """The item's terms from `valid_from` on (until the next revision). Never edited in place."""

    __tablename__ = "rec_item_revisions"

    id = db.Column(db.Integer, primary_key=True)
    item_id = db.Column(db.Integer, db.ForeignKey("rec_service_items.id"), nullable=False)
    valid_from = db.Column(db.Date, nullable=False)
    item_type = db.Column(db.String(20), nullable=False, default="license")
    handling_class = db.Column(db.String(20), nullable=False, default="committed")
    legal_limit_days = db.Column(db.Integer, nullable=False, default=20)  # 法定时限 (working days)
    committed_limit_days = db.Column(db.Integer, nullable=False, default=10)  # 承诺时限 (working days)
    fee = db.Column(db.String(80), nullable=False, default="不收费")
    note = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    created_by_id = db.Column(db.Integer, nullable=True)

    item = db.relationship("ServiceItem", back_populates="revisions")

    __table_args__ = (db.UniqueConstraint("item_id", "valid_from", name="uq_rec_item_revisions_item_from"),)


# --------------------------------------------------------------------------- cases


# The lights that came on in a month, per center or window (app/rollup): partial indexes of the cases
# that can have had the light (red: open or closed after the due date; yellow: open on the yellow
# day), a small share of all cases. Migration 20261203_rollup_indexes creates the same.
RED_CASES = "voided_at IS NULL AND (completed_on IS NULL OR completed_on > due_on)"
YELLOW_CASES = "voided_at IS NULL AND is_instant = {false} AND (completed_on IS NULL OR completed_on >= yellow_on)"
ROLLUP_CASE_INDEXES = (
    db.Index(
        "ix_rec_cases_center_red",
        "center_id",
        "due_on",
        "window_id",
        postgresql_where=db.text(RED_CASES),
        sqlite_where=db.text(RED_CASES),
    ),
    db.Index(
        "ix_rec_cases_center_yellow",
        "center_id",
        "yellow_on",
        "window_id",
        postgresql_where=db.text(YELLOW_CASES.format(false="false")),
        sqlite_where=db.text(YELLOW_CASES.format(false="0")),
    ),
)
RATINGS_CENTER_DAY = ("center_id", "rated_on", "grade", "window_id", "voided_at", "excluded_kind")


class Case(CenterOwned, VoidableMixin, db.Model):
    """办件. The limit and class are copied from the item revision in force on the day of receipt.

    Computed on every state change (see app/records/caseclock.py): due_on (last working day
    allowed, moved on by the working days the clock stood still), yellow_on (first day of the
    yellow light), completed_on and used_days (working days used, stops excluded). While the
    clock stands still (补正 / 暂停计时) due_on and yellow_on are NULL: no light."""

    __tablename__ = "rec_cases"

    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(40), nullable=False)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=False)
    item_id = db.Column(db.Integer, db.ForeignKey("rec_service_items.id"), nullable=True, index=True)
    item_revision_id = db.Column(db.Integer, db.ForeignKey("rec_item_revisions.id"), nullable=True)
    handling_class = db.Column(db.String(20), nullable=False, default="committed")
    is_instant = db.Column(db.Boolean, nullable=False, default=False)  # 即办件
    limit_days = db.Column(db.Integer, nullable=False, default=0)  # committed limit (working days)
    applicant = db.Column(db.String(120), nullable=False, default="")
    applicant_phone = db.Column(db.String(40), nullable=False, default="")
    handler_staff_id = db.Column(db.Integer, db.ForeignKey("rec_staff.id"), nullable=True, index=True)
    state = db.Column(db.String(20), nullable=False, default=CASE_RECEIVED)
    outcome = db.Column(db.String(20), nullable=True)  # approved / refused when completed
    is_open = db.Column(db.Boolean, nullable=False, default=True)
    received_at = db.Column(db.DateTime, nullable=False)  # China local time as entered
    received_on = db.Column(db.Date, nullable=False)
    accepted_on = db.Column(db.Date, nullable=True)
    stopped_since = db.Column(db.Date, nullable=True)  # clock stands still since (补正 / 暂停)
    stop_kind = db.Column(db.String(20), nullable=True)  # supplement / pause
    stopped_workdays = db.Column(db.Integer, nullable=False, default=0)  # closed stops so far
    due_on = db.Column(db.Date, nullable=True)
    yellow_on = db.Column(db.Date, nullable=True)
    completed_at = db.Column(db.DateTime, nullable=True)
    completed_on = db.Column(db.Date, nullable=True)
    used_days = db.Column(db.Integer, nullable=True)
    note = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    created_by_id = db.Column(db.Integer, nullable=True)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    window = db.relationship("Window")
    item = db.relationship("ServiceItem")
    handler = db.relationship("Staff")
    events = db.relationship("CaseEvent", back_populates="case", order_by="CaseEvent.id")

    __table_args__ = (
        db.UniqueConstraint("center_id", "number", name="uq_rec_cases_center_number"),
        # Monthly statistics: covering indexes for received and completed counts per window.
        db.Index("ix_rec_cases_received", "received_on", "window_id", "is_instant", "voided_at"),
        db.Index(
            "ix_rec_cases_completed",
            "completed_on",
            "window_id",
            "state",
            "due_on",
            "used_days",
            "limit_days",
            "is_instant",
            "received_on",
            "voided_at",
        ),
        # Red / yellow page: only the few open cases, in a partial index (queries say is_open == true()).
        db.Index(
            "ix_rec_cases_open",
            "due_on",
            "window_id",
            "yellow_on",
            sqlite_where=db.text("is_open = 1"),
            postgresql_where=db.text("is_open = true"),
        ),
        # The lights per window of the current center (dashboard, home, 电子监察): every read names its
        # center (app/centers/scoping.py), and SQLite took the center_id index (every case of the
        # center: 6 s at 2 million) over ix_rec_cases_open, whose first column the counts leave open.
        db.Index(
            "ix_rec_cases_open_center",
            "center_id",
            "window_id",
            "yellow_on",
            "due_on",
            "voided_at",
            sqlite_where=db.text("is_open = 1"),
            postgresql_where=db.text("is_open = true"),
        ),
        # Per-window month queries of the scoring (lights turned yellow / red); volume uses ix_rec_cases_received.
        db.Index("ix_rec_cases_window_due", "window_id", "due_on"),
        db.Index("ix_rec_cases_window_yellow", "window_id", "yellow_on"),
        # A center's (or several centers') month, grouped by center or window (app/rollup, and every
        # statistics page, which the centers scoping narrows by center_id): migration 20261203_rollup.
        *ROLLUP_CASE_INDEXES,
    )
    __mapper_args__ = {"version_id_col": row_version}


class CaseEvent(CenterOwned, db.Model):
    """One step of a case (收件, 补正告知, 补正齐全, 受理, 不予受理, 暂停, 恢复, 办结, 撤销, 更正)."""

    __tablename__ = "rec_case_events"

    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("rec_cases.id"), nullable=False, index=True)
    kind = db.Column(db.String(30), nullable=False)
    on = db.Column(db.Date, nullable=False)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    staff_id = db.Column(db.Integer, nullable=True)
    user_id = db.Column(db.Integer, nullable=True)
    note = db.Column(db.Text, nullable=False, default="")

    case = db.relationship("Case", back_populates="events")


class CaseSummary(CenterOwned, db.Model):
    """Case totals per center, window and month (logic/summary.py says what a case adds): the case
    statistics and the dashboard read these instead of aggregating the cases. Kept in the same
    transaction as every case change (services/summary.py, a before-flush hook and the ORM bulk
    insert of the import), rebuilt from the cases by `flask records rebuild-summary`. Not edited by
    people: no row_version. A row whose cases were all voided stays with zeros (readers skip it)."""

    __tablename__ = "rec_case_summary"

    id = db.Column(db.Integer, primary_key=True)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=False)
    year = db.Column(db.Integer, nullable=False)
    month = db.Column(db.Integer, nullable=False)
    received = db.Column(db.Integer, nullable=False, default=0)
    instant = db.Column(db.Integer, nullable=False, default=0)
    completed = db.Column(db.Integer, nullable=False, default=0)
    on_time = db.Column(db.Integer, nullable=False, default=0)
    early = db.Column(db.Integer, nullable=False, default=0)
    overdue = db.Column(db.Integer, nullable=False, default=0)
    timed = db.Column(db.Integer, nullable=False, default=0)  # completed cases with a committed limit
    used_sum = db.Column(db.Integer, nullable=False, default=0)
    limit_sum = db.Column(db.Integer, nullable=False, default=0)

    __table_args__ = (
        db.UniqueConstraint("center_id", "window_id", "year", "month", name="uq_rec_case_summary_key"),
        db.Index("ix_rec_case_summary_year", "year", "month"),
    )


# --------------------------------------------------------------------------- complaints, ratings, praise


class Complaint(CenterOwned, VoidableMixin, db.Model):
    """效能投诉. `valid` is the verdict (有效 / 无效); None while not yet decided."""

    __tablename__ = "rec_complaints"
    __table_args__ = (db.UniqueConstraint("center_id", "number", name="uq_rec_complaints_center_number"),)

    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(40), nullable=False)
    channel = db.Column(db.String(20), nullable=False, default="phone")
    received_on = db.Column(db.Date, nullable=False, index=True)
    complainant = db.Column(db.String(80), nullable=False, default="")
    contact = db.Column(db.String(80), nullable=False, default="")
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=True, index=True)
    staff_id = db.Column(db.Integer, db.ForeignKey("rec_staff.id"), nullable=True, index=True)
    case_id = db.Column(db.Integer, nullable=True)
    content = db.Column(db.Text, nullable=False, default="")
    deadline_on = db.Column(db.Date, nullable=True)  # handling deadline (working days)
    handler_name = db.Column(db.String(40), nullable=False, default="")
    investigator_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)  # app/hall procedure
    finding = db.Column(db.String(20), nullable=True)  # true / partly / false
    valid = db.Column(db.Boolean, nullable=True)
    verdict_on = db.Column(db.Date, nullable=True)
    verdict_reason = db.Column(db.Text, nullable=False, default="")
    result = db.Column(db.Text, nullable=False, default="")
    penalty = db.Column(db.String(200), nullable=False, default="")
    replied_on = db.Column(db.Date, nullable=True)
    revisited_on = db.Column(db.Date, nullable=True)  # 回访
    revisit_note = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    window = db.relationship("Window")
    staff = db.relationship("Staff")

    __mapper_args__ = {"version_id_col": row_version}


class Rating(CenterOwned, VoidableMixin, db.Model):
    """好差评: grade 1–5. A bad rating (≤ 2) is verified; if upheld it is rectified (整改) by
    rectify_due_on (working days, configurable) and revisited (回访)."""

    __tablename__ = "rec_ratings"

    id = db.Column(db.Integer, primary_key=True)
    rated_on = db.Column(db.Date, nullable=False, index=True)
    grade = db.Column(db.Integer, nullable=False)
    channel = db.Column(db.String(20), nullable=False, default="on_site")
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=True, index=True)
    staff_id = db.Column(db.Integer, db.ForeignKey("rec_staff.id"), nullable=True)
    case_id = db.Column(db.Integer, db.ForeignKey("rec_cases.id"), nullable=True)
    comment = db.Column(db.Text, nullable=False, default="")
    upheld = db.Column(db.Boolean, nullable=True)  # verification of a bad rating
    verified_on = db.Column(db.Date, nullable=True)
    verify_note = db.Column(db.Text, nullable=False, default="")
    rectify_due_on = db.Column(db.Date, nullable=True)
    rectified_on = db.Column(db.Date, nullable=True)
    rectify_note = db.Column(db.Text, nullable=False, default="")
    revisited_on = db.Column(db.Date, nullable=True)
    revisit_note = db.Column(db.Text, nullable=False, default="")
    # 好差评 closed loop (GB/T 39734/39735; app/hall): sub-scores, 差评 class, reasoned exclusion
    # of a mistaken or malicious rating, the rater's answer at the call-back, 申诉复核.
    efficiency = db.Column(db.Integer, nullable=True)
    competence = db.Column(db.Integer, nullable=True)
    attitude = db.Column(db.Integer, nullable=True)
    category = db.Column(db.String(20), nullable=True)
    excluded_kind = db.Column(db.String(20), nullable=True)
    excluded_reason = db.Column(db.Text, nullable=False, default="")
    excluded_on = db.Column(db.Date, nullable=True)
    revisit_answer = db.Column(db.String(20), nullable=True)  # the rater's answer: satisfied / not_satisfied
    appeal_reason = db.Column(db.Text, nullable=False, default="")
    appeal_on = db.Column(db.Date, nullable=True)
    appeal_result = db.Column(db.String(20), nullable=True)  # upheld (rating excluded) / rejected
    appeal_note = db.Column(db.Text, nullable=False, default="")
    device_id = db.Column(db.Integer, nullable=True)  # hall rating device that posted it
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    window = db.relationship("Window")
    staff = db.relationship("Staff")

    __table_args__ = (
        db.Index("ix_rec_ratings_case", "case_id"),
        # satisfaction by day for quality objectives and management review (app/quality): read from the index alone
        db.Index("ix_rec_ratings_day_grade", "rated_on", "grade", "voided_at"),
        # 好差评 of a month per center (app/rollup): migration 20261203_rollup
        db.Index("ix_rec_ratings_center_day", *RATINGS_CENTER_DAY),
    )
    __mapper_args__ = {"version_id_col": row_version}

    @property
    def is_bad(self) -> bool:
        return self.grade <= 2


class Commendation(CenterOwned, VoidableMixin, db.Model):
    """表扬: letter, banner (锦旗), media praise (with its level), per window and staff."""

    __tablename__ = "rec_commendations"

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(20), nullable=False, default="letter")
    media_level = db.Column(db.String(20), nullable=False, default="")
    received_on = db.Column(db.Date, nullable=False, index=True)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=True, index=True)
    staff_id = db.Column(db.Integer, db.ForeignKey("rec_staff.id"), nullable=True)
    source = db.Column(db.String(120), nullable=False, default="")
    content = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    window = db.relationship("Window")
    staff = db.relationship("Staff")

    __mapper_args__ = {"version_id_col": row_version}


# --------------------------------------------------------------------------- attendance and duty


class Attendance(CenterOwned, VoidableMixin, db.Model):
    """考勤: one line per staff member, day and slot (全天 / 上午 / 下午)."""

    __tablename__ = "rec_attendance"

    id = db.Column(db.Integer, primary_key=True)
    staff_id = db.Column(db.Integer, db.ForeignKey("rec_staff.id"), nullable=False)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=True)
    day = db.Column(db.Date, nullable=False)
    slot = db.Column(db.String(10), nullable=False, default="day")
    status = db.Column(db.String(20), nullable=False, default="normal")
    clock_time = db.Column(db.String(10), nullable=False, default="")  # e.g. 08:47
    note = db.Column(db.String(200), nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    staff = db.relationship("Staff")
    window = db.relationship("Window")

    __table_args__ = (
        db.Index("ix_rec_attendance_day", "day", "window_id"),
        db.Index("ix_rec_attendance_staff", "staff_id", "day"),
    )
    __mapper_args__ = {"version_id_col": row_version}


class DutyAssignment(CenterOwned, VoidableMixin, db.Model):
    """大厅值班 (one day) or 值周 (a week from start_on), with patrol findings."""

    __tablename__ = "rec_duty"

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(10), nullable=False, default="hall")
    start_on = db.Column(db.Date, nullable=False, index=True)
    end_on = db.Column(db.Date, nullable=False)
    staff_id = db.Column(db.Integer, db.ForeignKey("rec_staff.id"), nullable=True)
    person_name = db.Column(db.String(40), nullable=False, default="")  # when not a staff member
    findings = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    staff = db.relationship("Staff")

    __mapper_args__ = {"version_id_col": row_version}
