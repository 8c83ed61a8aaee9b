"""Controlled documents (ISO 9001 7.5): one core for every kind of document."""

from ..centers.models import CenterOwned
from ..core.timeutil import utcnow
from ..extensions import db

# kind code -> Chinese name. 政府文件 are external documents: see app/govdocs.
KIND_LABELS = {
    "rule": "规章制度",
    "manual": "质量手册",
    "procedure": "程序文件",
    "instruction": "作业指导书",
    "form": "记录表单",
}
# Each kind's numbering until someone changes it on the settings page
DEFAULT_PATTERNS = {
    "rule": "{org}-ZD-{seq:03d}",
    "manual": "{org}-QM",
    "procedure": "{org}-QP-{seq:02d}",
    "instruction": "{org}-WI-{seq:03d}",
    "form": "{org}-QR-{seq:03d}",
}

# A center's own document attached to a rule handed down from above (Document.variant_kind)
VARIANT_LABELS = {"supplement": "补充规定", "local_version": "本地版本"}

# Stored version states. 现行 / 已替代 are not stored: they follow from the effective dates
# (see lifecycle.py), so "in force on date D" is right for any date without a cron job.
DRAFT = "draft"
IN_REVIEW = "in_review"
APPROVED = "approved"  # released, with an effective date (past, today or future)
WITHDRAWN = "withdrawn"  # a draft abandoned with a reason; kept, never deleted


class Document(CenterOwned, db.Model):
    __tablename__ = "documents"
    __table_args__ = (db.UniqueConstraint("center_id", "number", name="uq_documents_center_number"),)

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(20), nullable=False, index=True)
    number = db.Column(db.String(40), nullable=False)  # e.g. SF-ZD-017
    seq = db.Column(db.Integer, nullable=False)  # the running number inside the kind
    title = db.Column(db.String(200), nullable=False)
    category = db.Column(db.String(60), nullable=False, default="")
    owner_office = db.Column(db.String(60), nullable=False, default="")
    review_interval_months = db.Column(db.Integer, nullable=False, default=12)
    # Who must read (签阅) a version when it takes effect: "all" or comma-separated role codes.
    distribution = db.Column(db.String(200), nullable=False, default="all")
    # For procedures (and the manual): the ISO 9001:2015 clause(s) the document covers, e.g. "7.5".
    iso_clause = db.Column(db.String(40), nullable=False, default="")
    repealed_on = db.Column(db.Date, nullable=True)  # 已废止 from this date on
    repeal_reason = db.Column(db.Text, nullable=True)
    replaced_by_id = db.Column(db.Integer, db.ForeignKey("documents.id"), nullable=True)
    # Rules handed down (issue 13 item 2): a center's own rule attached to a rule of a center above
    # (the city's): a 补充规定 (variant_kind "supplement") or a 本地版本 ("local_version"), in force in
    # this center only (app/documents/logic/handed_down.py). Both null for every other document.
    # (No relationship: a lazy load would carry the scoping of the variant's center, where the rule
    # above is not seen; app.documents.queries.upstream_of reads it with the permission's ids.)
    handed_down_from_id = db.Column(db.Integer, db.ForeignKey("documents.id"), nullable=True, index=True)
    variant_kind = db.Column(db.String(20), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    versions = db.relationship(
        "DocumentVersion", back_populates="document", order_by="DocumentVersion.id", lazy="select"
    )
    replaced_by = db.relationship("Document", remote_side=[id], foreign_keys=[replaced_by_id])

    __mapper_args__ = {"version_id_col": row_version}

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def variant_label(self) -> str:
        return VARIANT_LABELS.get(self.variant_kind or "", "")


class DocumentVersion(CenterOwned, db.Model):
    __tablename__ = "document_versions"

    id = db.Column(db.Integer, primary_key=True)
    document_id = db.Column(db.Integer, db.ForeignKey("documents.id"), nullable=False, index=True)
    revision = db.Column(db.String(10), nullable=False)  # A/0, A/1 ... B/0
    content_md = db.Column(db.Text, nullable=False, default="")
    change_reason = db.Column(db.Text, nullable=False, default="")
    status = db.Column(db.String(20), nullable=False, default=DRAFT, index=True)
    effective_date = db.Column(db.Date, nullable=True, index=True)
    author_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    submitted_at = db.Column(db.DateTime, nullable=True)
    approved_at = db.Column(db.DateTime, nullable=True)
    content_sha256 = db.Column(db.String(64), nullable=True)  # fixed at submission
    withdraw_reason = db.Column(db.Text, nullable=True)
    # Incremented at each submission; signatures belong to one round (a rejection ends it).
    review_round = db.Column(db.Integer, nullable=False, default=0)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    document = db.relationship("Document", back_populates="versions")
    author = db.relationship("User", foreign_keys=[author_id])
    signatures = db.relationship("Signature", back_populates="version", order_by="Signature.id")

    __mapper_args__ = {"version_id_col": row_version}
    __table_args__ = (db.UniqueConstraint("document_id", "revision", name="uq_document_versions_document_revision"),)


class Signature(db.Model):
    """An electronic signature (password re-entered) over the exact content signed."""

    __tablename__ = "signatures"

    id = db.Column(db.Integer, primary_key=True)
    version_id = db.Column(db.Integer, db.ForeignKey("document_versions.id"), nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    step = db.Column(db.String(20), nullable=False)  # reviewer / approver
    meaning = db.Column(db.String(20), nullable=False)  # 审核通过 / 批准 / 驳回
    comment = db.Column(db.Text, nullable=False, default="")
    signed_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    content_sha256 = db.Column(db.String(64), nullable=False)
    review_round = db.Column(db.Integer, nullable=False, default=1)
    # The seal (21 CFR 11.50/11.70, app/documents/logic/seal.py): the printed name at signing, the
    # canonical manifest of what was signed and its HMAC under the server's signature key. Signatures
    # from before the seal have none (shown as 未封签, checked by their content hash only).
    printed_name = db.Column(db.String(80), nullable=False, default="", server_default="")
    manifest = db.Column(db.Text, nullable=True)
    seal = db.Column(db.String(64), nullable=True)

    version = db.relationship("DocumentVersion", back_populates="signatures")
    user = db.relationship("User")


class Acknowledgement(CenterOwned, db.Model):
    """签阅: a staff member confirms having read a version in force."""

    __tablename__ = "acknowledgements"

    id = db.Column(db.Integer, primary_key=True)
    version_id = db.Column(db.Integer, db.ForeignKey("document_versions.id"), nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)

    version = db.relationship("DocumentVersion")
    user = db.relationship("User")

    __table_args__ = (db.UniqueConstraint("version_id", "user_id", name="uq_acknowledgements_version_user"),)


class KindSetting(CenterOwned, db.Model):
    """Per kind: the numbering scheme and who reviews and approves."""

    __tablename__ = "document_kind_settings"
    __table_args__ = (db.PrimaryKeyConstraint("center_id", "kind", name="pk_document_kind_settings"),)  # per center

    kind = db.Column(db.String(20), nullable=False)
    number_pattern = db.Column(db.String(60), nullable=False)  # e.g. "{org}-ZD-{seq:03d}"
    reviewer_ids = db.Column(db.String(200), nullable=False, default="")  # comma-separated user ids
    approver_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)

    @property
    def reviewer_id_list(self) -> list[int]:
        return [int(x) for x in (self.reviewer_ids or "").split(",") if x.strip().isdigit()]


class DocumentReview(CenterOwned, db.Model):
    """定期评审 (ISO 9001 7.5.2/7.5.3): someone confirmed the document is still suitable, or found
    it needs revising or repealing. Appended, never edited or deleted; the latest one restarts
    the review cycle (see lifecycle.review_due)."""

    __tablename__ = "document_reviews"

    id = db.Column(db.Integer, primary_key=True)
    document_id = db.Column(db.Integer, db.ForeignKey("documents.id"), nullable=False, index=True)
    # The version in force on the review day (the text that was reviewed).
    version_id = db.Column(db.Integer, db.ForeignKey("document_versions.id"), nullable=True)
    reviewed_on = db.Column(db.Date, nullable=False, index=True)
    reviewer_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    conclusion = db.Column(db.String(20), nullable=False)  # lifecycle.REVIEW_CONCLUSIONS
    note = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    document = db.relationship("Document")
    version = db.relationship("DocumentVersion")
    reviewer = db.relationship("User")
