"""Tables of the monthly window scoring, red flags and 服务标兵 (exemplar) selection.

Window and staff ids refer to the records domain (app/records); their names are copied onto the
sheets and awards when written, so a published month reads the same after a window is renamed.
"""

import json

from ..centers.models import CenterOwned
from ..core.timeutil import utcnow
from ..extensions import db

# ScoreEntry.status
ACCEPTED = "accepted"
PROPOSED = "proposed"
REJECTED = "rejected"
VOID = "void"
ENTRY_STATUS_LABELS = {ACCEPTED: "已计分", PROPOSED: "系统建议", REJECTED: "已驳回", VOID: "已作废"}

# Appeal.status
PENDING = "pending"
UPHELD = "upheld"
DISMISSED = "dismissed"
APPEAL_STATUS_LABELS = {PENDING: "待复核", UPHELD: "申诉成立", DISMISSED: "维持原评"}
# An appeal is against a month sheet or a 服务标兵 cycle, never both, never neither.
ONE_TARGET_SQL = "(sheet_id IS NULL AND cycle_id IS NOT NULL) OR (sheet_id IS NOT NULL AND cycle_id IS NULL)"


class SchemeVersion(CenterOwned, db.Model):
    """A scoring scheme belonging to one version of rule SF-ZD-017; it is in force exactly when
    that document version is."""

    __tablename__ = "assessment_scheme_versions"

    id = db.Column(db.Integer, primary_key=True)
    document_version_id = db.Column(db.Integer, db.ForeignKey("document_versions.id"), nullable=False, unique=True)
    scheme_json = db.Column(db.Text, nullable=False)
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    document_version = db.relationship("DocumentVersion")

    __mapper_args__ = {"version_id_col": row_version}

    @property
    def scheme(self):
        from .logic.schemes import from_json

        cached = getattr(self, "_scheme_cache", None)
        if cached is None or cached[0] != self.scheme_json:
            cached = (self.scheme_json, from_json(self.scheme_json))
            self._scheme_cache = cached
        return cached[1]


# AssessmentSetting.scheme_source
SCHEME_OWN = "own"
SCHEME_PARENT = "parent"
SCHEME_SOURCE_LABELS = {SCHEME_OWN: "本中心的考核细则", SCHEME_PARENT: "上级中心的考核细则"}


class AssessmentSetting(CenterOwned, db.Model):
    """Per center (issue 13 item 2): whether its months are scored by its own scheme (its own rule
    SF-ZD-017) or by the scheme in force in the center above (the city's, handed down). No row:
    its own."""

    __tablename__ = "assessment_center_settings"
    __table_args__ = (db.UniqueConstraint("center_id", name="uq_assessment_center_settings_center_id"),)

    id = db.Column(db.Integer, primary_key=True)
    scheme_source = db.Column(db.String(20), nullable=False, default=SCHEME_OWN)
    updated_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": row_version}


class AssessmentMonth(CenterOwned, db.Model):
    __tablename__ = "assessment_months"

    id = db.Column(db.Integer, primary_key=True)
    year = db.Column(db.Integer, nullable=False)
    month = db.Column(db.Integer, nullable=False)
    scheme_version_id = db.Column(db.Integer, db.ForeignKey("assessment_scheme_versions.id"), nullable=False)
    status = db.Column(db.String(20), nullable=False, default="open", index=True)
    opened_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    opened_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    submitted_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    submitted_at = db.Column(db.DateTime, nullable=True)
    locked_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    locked_at = db.Column(db.DateTime, nullable=True)
    lock_sha256 = db.Column(db.String(64), nullable=True)  # over the totals signed
    publicity_start = db.Column(db.Date, nullable=True)
    publicity_end = db.Column(db.Date, nullable=True)
    finalised_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    finalised_at = db.Column(db.DateTime, nullable=True)
    reopen_count = db.Column(db.Integer, nullable=False, default=0)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    sheets = db.relationship("ScoreSheet", back_populates="month", order_by="ScoreSheet.window_name")
    locked_by = db.relationship("User", foreign_keys=[locked_by_id])

    __mapper_args__ = {"version_id_col": row_version}
    __table_args__ = (db.UniqueConstraint("center_id", "year", "month", name="uq_assessment_months_center_year_month"),)

    @property
    def scheme_version(self) -> "SchemeVersion":
        """The scheme the month is scored by. Not a relationship: a county scoring by the city's
        scheme (issue 13 item 2) refers to the city's row, which a lazy load would not see (it
        carries the county's scoping); read here among the centers whose scheme this one may use
        (app.auth.permissions.centers_handing_down_to), once per month object."""
        cached = self.__dict__.get("_scheme_version")
        if cached is None or cached.id != self.scheme_version_id:
            from ..auth.permissions import centers_handing_down_to

            ids = [self.center_id, *centers_handing_down_to(self.center_id)]
            cached = db.session.scalar(
                db.select(SchemeVersion)
                .where(SchemeVersion.id == self.scheme_version_id)
                .execution_options(center_ids=ids)
            )
            self.__dict__["_scheme_version"] = cached
        return cached

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"


class ScoreSheet(CenterOwned, db.Model):
    """One window's month. The totals are a cache of scoring.score_sheet over the accepted
    entries, rewritten on every save; the facts are the record figures that bar a red flag."""

    __tablename__ = "assessment_sheets"

    id = db.Column(db.Integer, primary_key=True)
    month_id = db.Column(db.Integer, db.ForeignKey("assessment_months.id"), nullable=False, index=True)
    window_id = db.Column(db.Integer, nullable=False, index=True)
    window_name = db.Column(db.String(120), nullable=False)
    department_name = db.Column(db.String(120), nullable=False, default="")
    total = db.Column(db.Float, nullable=False, default=100.0)
    deductions = db.Column(db.Float, nullable=False, default=0.0)
    bonus = db.Column(db.Float, nullable=False, default=0.0)
    vetoed = db.Column(db.Boolean, nullable=False, default=False)
    breakdown_json = db.Column(db.Text, nullable=False, default="{}")
    facts_json = db.Column(db.Text, nullable=False, default="{}")
    proposals_at = db.Column(db.DateTime, nullable=True)
    updated_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    month = db.relationship("AssessmentMonth", back_populates="sheets")
    entries = db.relationship("ScoreEntry", back_populates="sheet", order_by="ScoreEntry.id")

    __mapper_args__ = {"version_id_col": row_version}
    __table_args__ = (db.UniqueConstraint("month_id", "window_id", name="uq_assessment_sheets_month_window"),)

    @property
    def sheet_date(self):
        """The day the sheet belongs to for window-bound access (app/auth/permissions.record_date):
        the month's last day, when the roster shows who served the window that month."""
        import calendar
        from datetime import date

        return date(self.month.year, self.month.month, calendar.monthrange(self.month.year, self.month.month)[1])

    @property
    def breakdown(self) -> dict:
        return json.loads(self.breakdown_json or "{}")

    @property
    def facts(self) -> dict:
        return json.loads(self.facts_json or "{}")


class ScoreEntry(CenterOwned, db.Model):
    __tablename__ = "assessment_entries"

    id = db.Column(db.Integer, primary_key=True)
    sheet_id = db.Column(db.Integer, db.ForeignKey("assessment_sheets.id"), nullable=False, index=True)
    item_code = db.Column(db.String(20), nullable=False)
    item_name = db.Column(db.String(120), nullable=False)
    count = db.Column(db.Float, nullable=False, default=1)
    points = db.Column(db.Float, nullable=True)  # within a range item's bounds; None = the item's points
    occurred_on = db.Column(db.Date, nullable=True)
    note = db.Column(db.Text, nullable=False, default="")
    article = db.Column(db.String(60), nullable=False, default="")
    # The cited article as it stood on the entry's date: the rule version then in force (a
    # documents row, kept forever) and the article's text, copied so a revision never changes it.
    article_version_id = db.Column(db.Integer, nullable=True)
    article_text = db.Column(db.Text, nullable=False, default="", server_default="")
    staff_id = db.Column(db.Integer, nullable=True)
    staff_name = db.Column(db.String(64), nullable=False, default="")
    attachment_path = db.Column(db.String(255), nullable=True)
    attachment_name = db.Column(db.String(255), nullable=True)
    status = db.Column(db.String(20), nullable=False, default=ACCEPTED, index=True)
    source = db.Column(db.String(40), nullable=True)  # the record source of a proposal
    # The records a proposal comes from (cases, complaints, ratings, attendance rows), JSON list
    # of {"kind", "id", "label"}; linked on the sheet.
    evidence_json = db.Column(db.Text, nullable=False, default="[]", server_default="[]")
    decision_reason = db.Column(db.Text, nullable=False, default="")
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    decided_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    decided_at = db.Column(db.DateTime, nullable=True)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    sheet = db.relationship("ScoreSheet", back_populates="entries")
    created_by = db.relationship("User", foreign_keys=[created_by_id])

    __mapper_args__ = {"version_id_col": row_version}

    @property
    def status_label(self) -> str:
        return ENTRY_STATUS_LABELS.get(self.status, self.status)

    @property
    def evidence(self) -> list[dict]:
        return json.loads(self.evidence_json or "[]")


class Appeal(CenterOwned, db.Model):
    """申诉 during a 公示: either a window contests its month sheet (or one entry of it), or
    staff contest a 服务标兵 cycle's result (or one nomination of it). Exactly one of sheet_id
    and cycle_id is set (CHECK one_target)."""

    __tablename__ = "assessment_appeals"

    id = db.Column(db.Integer, primary_key=True)
    sheet_id = db.Column(db.Integer, db.ForeignKey("assessment_sheets.id"), nullable=True, index=True)
    entry_id = db.Column(db.Integer, db.ForeignKey("assessment_entries.id"), nullable=True)
    cycle_id = db.Column(db.Integer, db.ForeignKey("assessment_exemplar_cycles.id"), nullable=True, index=True)
    nomination_id = db.Column(db.Integer, db.ForeignKey("assessment_nominations.id"), nullable=True)
    lodged_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    lodged_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    reasons = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(20), nullable=False, default=PENDING, index=True)
    decision = db.Column(db.Text, nullable=False, default="")
    decided_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    decided_at = db.Column(db.DateTime, nullable=True)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    sheet = db.relationship("ScoreSheet")
    entry = db.relationship("ScoreEntry")
    cycle = db.relationship("ExemplarCycle")
    nomination = db.relationship("Nomination")
    lodged_by = db.relationship("User", foreign_keys=[lodged_by_id])
    decided_by = db.relationship("User", foreign_keys=[decided_by_id])

    __mapper_args__ = {"version_id_col": row_version}
    __table_args__ = (
        db.CheckConstraint(ONE_TARGET_SQL, name="one_target"),
        db.CheckConstraint("nomination_id IS NULL OR cycle_id IS NOT NULL", name="nomination_in_cycle"),
        db.CheckConstraint("entry_id IS NULL OR sheet_id IS NOT NULL", name="entry_in_sheet"),
    )

    @property
    def status_label(self) -> str:
        return APPEAL_STATUS_LABELS.get(self.status, self.status)


class FlagAward(CenterOwned, db.Model):
    """A red flag given when a month (or quarter, or year) is made final."""

    __tablename__ = "assessment_flags"

    id = db.Column(db.Integer, primary_key=True)
    period = db.Column(db.String(10), nullable=False, default="month")  # month | quarter | year
    year = db.Column(db.Integer, nullable=False, index=True)
    number = db.Column(db.Integer, nullable=False, default=0)  # month 1–12, quarter 1–4, 0 for the year
    month_id = db.Column(db.Integer, db.ForeignKey("assessment_months.id"), nullable=True, index=True)
    window_id = db.Column(db.Integer, nullable=False, index=True)
    window_name = db.Column(db.String(120), nullable=False)
    rank = db.Column(db.Integer, nullable=False)
    score = db.Column(db.Float, nullable=False)
    revoked = db.Column(db.Boolean, nullable=False, default=False)  # month reopened after final
    revoke_reason = db.Column(db.Text, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


# ---------------------------------------------------------------------- 服务标兵 (exemplars)
class ExemplarCycle(CenterOwned, db.Model):
    """服务标兵 评选: one period (a month or a quarter)."""

    __tablename__ = "assessment_exemplar_cycles"

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(10), nullable=False, default="month")  # month | quarter
    year = db.Column(db.Integer, nullable=False)
    number = db.Column(db.Integer, nullable=False)  # month 1–12 or quarter 1–4
    status = db.Column(db.String(20), nullable=False, default="nominating")
    staff_on_duty = db.Column(db.Integer, nullable=False, default=0)
    window_count = db.Column(db.Integer, nullable=False, default=0)
    publicity_end = db.Column(db.Date, nullable=True)
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    nominations = db.relationship("Nomination", back_populates="cycle", order_by="Nomination.id")

    __mapper_args__ = {"version_id_col": row_version}
    __table_args__ = (
        db.UniqueConstraint("center_id", "kind", "year", "number", name="uq_assessment_exemplar_cycles_center_period"),
    )

    @property
    def label(self) -> str:
        return f"{self.year}年{self.number}月" if self.kind == "month" else f"{self.year}年第{self.number}季度"


class Nomination(CenterOwned, db.Model):
    __tablename__ = "assessment_nominations"

    id = db.Column(db.Integer, primary_key=True)
    cycle_id = db.Column(db.Integer, db.ForeignKey("assessment_exemplar_cycles.id"), nullable=False, index=True)
    staff_id = db.Column(db.Integer, nullable=False)
    staff_name = db.Column(db.String(64), nullable=False)
    window_id = db.Column(db.Integer, nullable=False)
    window_name = db.Column(db.String(120), nullable=False)
    nominated_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    reason = db.Column(db.Text, nullable=False, default="")
    monthly_score = db.Column(db.Float, nullable=False, default=0.0)
    public_score = db.Column(db.Float, nullable=False, default=0.0)
    leader_score = db.Column(db.Float, nullable=True)
    ineligible = db.Column(db.Text, nullable=False, default="")  # reasons, "；"-joined
    withdrawn = db.Column(db.Boolean, nullable=False, default=False)
    withdraw_reason = db.Column(db.Text, nullable=True)
    combined = db.Column(db.Float, nullable=True)
    votes = db.Column(db.Integer, nullable=True)  # filled when the ballot closes
    # The secret ballot: a counter raised by one in the transaction that writes the voter's
    # receipt. No row per ballot exists, so no order, id or time can link a voter to a choice.
    tally = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    selected = db.Column(db.Boolean, nullable=False, default=False)
    result_note = db.Column(db.String(120), nullable=False, default="")
    row_version = db.Column(db.Integer, nullable=False, default=1)

    cycle = db.relationship("ExemplarCycle", back_populates="nominations")

    __mapper_args__ = {"version_id_col": row_version}
    __table_args__ = (db.UniqueConstraint("cycle_id", "staff_id", name="uq_assessment_nominations_cycle_staff"),)


class VoterReceipt(CenterOwned, db.Model):
    """Who has voted in a cycle (one vote each). Nothing here says what they chose; the choice
    only raises Nomination.tally, in the same transaction."""

    __tablename__ = "assessment_voter_receipts"

    id = db.Column(db.Integer, primary_key=True)
    cycle_id = db.Column(db.Integer, db.ForeignKey("assessment_exemplar_cycles.id"), nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)

    __table_args__ = (db.UniqueConstraint("cycle_id", "user_id", name="uq_assessment_voter_receipts_cycle_user"),)
