"""Tables of the improvement loop: nonconformities and corrective actions (ISO 9001 10.2),
proposals from the records, quality objectives (6.2), internal audits (9.2) and management
reviews (9.3). Nothing is deleted: a record is voided or closed with a reason."""

from ..centers.models import CenterOwned
from ..core.timeutil import utcnow
from ..extensions import db
from .logic.vocab import PROPOSAL_PENDING


class Nonconformity(CenterOwned, db.Model):
    """不合格 and its corrective action: one numbered record through the steps of 10.2."""

    __tablename__ = "qm_nonconformities"

    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(30), nullable=False)  # BHG-2026-001
    source = db.Column(db.String(20), nullable=False, index=True)
    source_ref = db.Column(db.String(80), nullable=False, default="")  # e.g. complaint:12
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    found_on = db.Column(db.Date, nullable=False, index=True)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=True, index=True)
    department_id = db.Column(db.Integer, db.ForeignKey("rec_departments.id"), nullable=True)
    process = db.Column(db.String(80), nullable=False, default="")
    iso_clause = db.Column(db.String(20), nullable=False, default="")
    rule_number = db.Column(db.String(40), nullable=False, default="")  # SF-ZD-017
    rule_article = db.Column(db.String(20), nullable=False, default="")  # 第十条
    rule_version_id = db.Column(db.Integer, db.ForeignKey("document_versions.id"), nullable=True)  # in force that day
    severity = db.Column(db.String(20), nullable=False, default="minor")
    state = db.Column(db.String(20), nullable=False, default="correction", index=True)
    owner_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True, index=True)
    correction = db.Column(db.Text, nullable=False, default="")
    cause_method = db.Column(db.String(10), nullable=False, default="")
    cause_category = db.Column(db.String(20), nullable=False, default="")
    why_chain = db.Column(db.Text, nullable=False, default="")  # one "why" per line
    root_cause = db.Column(db.Text, nullable=False, default="")
    similar_note = db.Column(db.Text, nullable=False, default="")
    action_plan = db.Column(db.Text, nullable=False, default="")
    action_owner_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True, index=True)
    action_due_on = db.Column(db.Date, nullable=True)
    revision_version_id = db.Column(db.Integer, db.ForeignKey("document_versions.id"), nullable=True)
    verification_note = db.Column(db.Text, nullable=False, default="")
    verified_on = db.Column(db.Date, nullable=True)
    effectiveness_note = db.Column(db.Text, nullable=False, default="")
    effective = db.Column(db.Boolean, nullable=True)
    recurrences = db.Column(db.Integer, nullable=True)  # what the records showed at the check
    closed_on = db.Column(db.Date, nullable=True)
    closed_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    close_comment = db.Column(db.Text, nullable=False, default="")
    audit_id = db.Column(db.Integer, db.ForeignKey("qm_audits.id"), nullable=True, index=True)
    review_action_id = db.Column(db.Integer, nullable=True)
    void_reason = db.Column(db.Text, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    steps = db.relationship("NcStep", back_populates="nc", order_by="NcStep.id")
    window = db.relationship("Window")
    department = db.relationship("Department")
    owner = db.relationship("User", foreign_keys=[owner_id])
    action_owner = db.relationship("User", foreign_keys=[action_owner_id])
    closed_by = db.relationship("User", foreign_keys=[closed_by_id])
    revision = db.relationship("DocumentVersion", foreign_keys=[revision_version_id])

    __mapper_args__ = {"version_id_col": row_version}
    __table_args__ = (
        db.UniqueConstraint("center_id", "number", name="uq_qm_nonconformities_center_number"),
        db.Index("ix_qm_nonconformities_state_found", "state", "found_on"),
    )

    @property
    def rule_ref(self) -> str:
        return f"{self.rule_number} {self.rule_article}".strip()


class NcStep(CenterOwned, db.Model):
    """One step of a nonconformity, with its owner and deadline in working days."""

    __tablename__ = "qm_nc_steps"

    id = db.Column(db.Integer, primary_key=True)
    nc_id = db.Column(db.Integer, db.ForeignKey("qm_nonconformities.id"), nullable=False, index=True)
    step = db.Column(db.String(20), nullable=False)
    owner_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True, index=True)
    started_on = db.Column(db.Date, nullable=False)
    due_on = db.Column(db.Date, nullable=True, index=True)
    done_on = db.Column(db.Date, nullable=True)
    done_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    note = db.Column(db.Text, nullable=False, default="")

    nc = db.relationship("Nonconformity", back_populates="steps")
    owner = db.relationship("User", foreign_keys=[owner_id])


class NcProposal(CenterOwned, db.Model):
    """A nonconformity the records suggest; accepted (opens one) or rejected with a reason."""

    __tablename__ = "qm_proposals"

    id = db.Column(db.Integer, primary_key=True)
    key = db.Column(db.String(120), nullable=False, unique=True)
    source = db.Column(db.String(20), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    found_on = db.Column(db.Date, nullable=False)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=True)
    department_id = db.Column(db.Integer, nullable=True)
    iso_clause = db.Column(db.String(20), nullable=False, default="")
    severity = db.Column(db.String(20), nullable=False, default="minor")
    status = db.Column(db.String(20), nullable=False, default=PROPOSAL_PENDING, index=True)
    decision_reason = db.Column(db.Text, nullable=False, default="")
    decided_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    decided_at = db.Column(db.DateTime, nullable=True)
    nc_id = db.Column(db.Integer, db.ForeignKey("qm_nonconformities.id"), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    window = db.relationship("Window")
    nc = db.relationship("Nonconformity")

    __mapper_args__ = {"version_id_col": row_version}


class QualityObjective(CenterOwned, db.Model):
    """质量目标 (6.2): a measure computed from the records, a target, an owner, a year."""

    __tablename__ = "qm_objectives"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    measure = db.Column(db.String(30), nullable=False)  # logic.objectives.MEASURES
    target = db.Column(db.Float, nullable=False)
    higher_is_better = db.Column(db.Boolean, nullable=False, default=True)
    year = db.Column(db.Integer, nullable=False, index=True)
    owner_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    active = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    owner = db.relationship("User")
    values = db.relationship("ObjectiveValue", order_by="(ObjectiveValue.year, ObjectiveValue.month)")

    __mapper_args__ = {"version_id_col": row_version}
    __table_args__ = (db.UniqueConstraint("center_id", "year", "measure", name="uq_qm_objectives_center_year_measure"),)


class ObjectiveValue(CenterOwned, db.Model):
    """The value of an objective's measure for one month, as computed from the records."""

    __tablename__ = "qm_objective_values"

    id = db.Column(db.Integer, primary_key=True)
    objective_id = db.Column(db.Integer, db.ForeignKey("qm_objectives.id"), nullable=False)
    year = db.Column(db.Integer, nullable=False)
    month = db.Column(db.Integer, nullable=False)
    numerator = db.Column(db.Integer, nullable=False, default=0)
    denominator = db.Column(db.Integer, nullable=False, default=0)
    value = db.Column(db.Float, nullable=True)
    computed_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    __table_args__ = (db.UniqueConstraint("objective_id", "year", "month", name="uq_qm_objective_values_month"),)


class InternalAuditor(CenterOwned, db.Model):
    """内审员 assignment: a user qualified to audit, with the department and window they work in
    (an auditor never audits their own)."""

    __tablename__ = "qm_internal_auditors"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, unique=True)
    department_id = db.Column(db.Integer, db.ForeignKey("rec_departments.id"), nullable=True)
    window_id = db.Column(db.Integer, db.ForeignKey("rec_windows.id"), nullable=True)
    owned_clauses = db.Column(db.String(120), nullable=False, default="")  # processes they own
    qualified_on = db.Column(db.Date, nullable=True)
    certificate = db.Column(db.String(80), nullable=False, default="")
    active = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    user = db.relationship("User")


class AuditProgramme(CenterOwned, db.Model):
    """年度内部审核方案 (9.2.2 a)."""

    __tablename__ = "qm_audit_programmes"
    __table_args__ = (db.UniqueConstraint("center_id", "year", name="uq_qm_audit_programmes_center_year"),)

    id = db.Column(db.Integer, primary_key=True)
    year = db.Column(db.Integer, nullable=False)
    title = db.Column(db.String(120), nullable=False)
    note = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    audits = db.relationship("Audit", back_populates="programme", order_by="Audit.planned_on")


class Audit(CenterOwned, db.Model):
    __tablename__ = "qm_audits"
    __table_args__ = (db.UniqueConstraint("center_id", "number", name="uq_qm_audits_center_number"),)

    id = db.Column(db.Integer, primary_key=True)
    programme_id = db.Column(db.Integer, db.ForeignKey("qm_audit_programmes.id"), nullable=False, index=True)
    number = db.Column(db.String(30), nullable=False)  # NS-2026-01
    title = db.Column(db.String(120), nullable=False)
    planned_on = db.Column(db.Date, nullable=False)
    performed_on = db.Column(db.Date, nullable=True)
    clauses = db.Column(db.String(300), nullable=False, default="")  # "7.5,8.5,9.1"
    window_ids = db.Column(db.String(300), nullable=False, default="")
    department_ids = db.Column(db.String(300), nullable=False, default="")
    rule_numbers = db.Column(db.String(300), nullable=False, default="")  # rules the checklist draws on
    state = db.Column(db.String(20), nullable=False, default="planned")
    summary = db.Column(db.Text, nullable=False, default="")
    report_issued_on = db.Column(db.Date, nullable=True)
    report_issued_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    procedure_version_id = db.Column(
        db.Integer, db.ForeignKey("document_versions.id"), nullable=True
    )  # SF-QP-03 in force
    closed_on = db.Column(db.Date, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    programme = db.relationship("AuditProgramme", back_populates="audits")
    report_issued_by = db.relationship("User", foreign_keys=[report_issued_by_id])
    procedure_version = db.relationship("DocumentVersion", foreign_keys=[procedure_version_id])
    members = db.relationship("AuditMember", back_populates="audit", order_by="AuditMember.id")
    items = db.relationship("ChecklistItem", back_populates="audit", order_by="ChecklistItem.seq")

    __mapper_args__ = {"version_id_col": row_version}

    @staticmethod
    def _ids(value):
        return [int(x) for x in (value or "").split(",") if x.strip().isdigit()]

    @property
    def clause_list(self) -> list[str]:
        return [x.strip() for x in (self.clauses or "").split(",") if x.strip()]

    @property
    def window_id_list(self) -> list[int]:
        return self._ids(self.window_ids)

    @property
    def department_id_list(self) -> list[int]:
        return self._ids(self.department_ids)


class AuditMember(CenterOwned, db.Model):
    __tablename__ = "qm_audit_members"

    id = db.Column(db.Integer, primary_key=True)
    audit_id = db.Column(db.Integer, db.ForeignKey("qm_audits.id"), nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    is_leader = db.Column(db.Boolean, nullable=False, default=False)

    audit = db.relationship("Audit", back_populates="members")
    user = db.relationship("User")
    __table_args__ = (db.UniqueConstraint("audit_id", "user_id", name="uq_qm_audit_members_audit_user"),)


class ChecklistItem(CenterOwned, db.Model):
    """A checklist line and, once audited, its finding (符合 / 观察项 / 不符合) with evidence."""

    __tablename__ = "qm_checklist_items"

    id = db.Column(db.Integer, primary_key=True)
    audit_id = db.Column(db.Integer, db.ForeignKey("qm_audits.id"), nullable=False, index=True)
    seq = db.Column(db.Integer, nullable=False)
    clause = db.Column(db.String(20), nullable=False)
    document_number = db.Column(db.String(40), nullable=False, default="")
    article = db.Column(db.String(20), nullable=False, default="")
    question = db.Column(db.Text, nullable=False)
    place = db.Column(db.String(80), nullable=False, default="")  # window / department audited
    window_id = db.Column(db.Integer, nullable=True)
    finding = db.Column(db.String(20), nullable=True)
    evidence = db.Column(db.Text, nullable=False, default="")
    nc_id = db.Column(db.Integer, db.ForeignKey("qm_nonconformities.id"), nullable=True)
    recorded_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)

    audit = db.relationship("Audit", back_populates="items")
    nc = db.relationship("Nonconformity", foreign_keys=[nc_id])


class ManagementReview(CenterOwned, db.Model):
    """管理评审 (9.3): the period, the inputs gathered from the records (a snapshot), the meeting."""

    __tablename__ = "qm_reviews"
    __table_args__ = (db.UniqueConstraint("center_id", "number", name="uq_qm_reviews_center_number"),)

    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(30), nullable=False)  # GP-2026-01
    period_start = db.Column(db.Date, nullable=False)
    period_end = db.Column(db.Date, nullable=False)
    held_on = db.Column(db.Date, nullable=True)
    chair = db.Column(db.String(40), nullable=False, default="")
    attendees = db.Column(db.Text, nullable=False, default="")
    inputs_json = db.Column(db.Text, nullable=False, default="{}")
    conclusion = db.Column(db.Text, nullable=False, default="")
    state = db.Column(db.String(20), nullable=False, default="draft")
    previous_id = db.Column(db.Integer, db.ForeignKey("qm_reviews.id"), nullable=True)
    inputs_gathered_at = db.Column(db.DateTime, nullable=True)
    minutes_issued_on = db.Column(db.Date, nullable=True)
    procedure_version_id = db.Column(
        db.Integer, db.ForeignKey("document_versions.id"), nullable=True
    )  # SF-QP-06 in force
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    actions = db.relationship(
        "ReviewAction", back_populates="review", order_by="ReviewAction.id", foreign_keys="ReviewAction.review_id"
    )
    previous = db.relationship("ManagementReview", remote_side=[id], foreign_keys=[previous_id])
    procedure_version = db.relationship("DocumentVersion", foreign_keys=[procedure_version_id])

    __mapper_args__ = {"version_id_col": row_version}


class ReviewAction(CenterOwned, db.Model):
    """A decision or action of a management review (9.3.3), tracked to closure."""

    __tablename__ = "qm_review_actions"

    id = db.Column(db.Integer, primary_key=True)
    review_id = db.Column(db.Integer, db.ForeignKey("qm_reviews.id"), nullable=False, index=True)
    text = db.Column(db.Text, nullable=False)
    category = db.Column(db.String(20), nullable=False, default="improvement")  # 9.3.3 a/b/c
    owner_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True, index=True)
    due_on = db.Column(db.Date, nullable=True)
    state = db.Column(db.String(20), nullable=False, default="open", index=True)
    done_on = db.Column(db.Date, nullable=True)
    done_note = db.Column(db.Text, nullable=False, default="")
    nc_id = db.Column(db.Integer, db.ForeignKey("qm_nonconformities.id"), nullable=True)
    revision_version_id = db.Column(db.Integer, db.ForeignKey("document_versions.id"), nullable=True)
    document_number = db.Column(db.String(40), nullable=False, default="")  # the document the action revises
    carried_from_id = db.Column(db.Integer, db.ForeignKey("qm_review_actions.id"), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    review = db.relationship("ManagementReview", back_populates="actions", foreign_keys=[review_id])
    owner = db.relationship("User")
    nc = db.relationship("Nonconformity", foreign_keys=[nc_id])
    revision = db.relationship("DocumentVersion", foreign_keys=[revision_version_id])

    __mapper_args__ = {"version_id_col": row_version}
