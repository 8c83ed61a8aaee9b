"""Government documents (政府文件): external documents kept for reference (ISO 9001 7.5.3.2,
documents of external origin). The extracted text lives here so search never needs the file."""

from ..centers.models import CenterOwned
from ..core.timeutil import utcnow
from ..extensions import db

VALIDITY_CHOICES = ("现行有效", "已修改", "已废止", "尚未生效")


class GovDocument(CenterOwned, db.Model):
    __tablename__ = "gov_documents"
    __table_args__ = (db.UniqueConstraint("center_id", "sha256", name="uq_gov_documents_center_sha256"),)

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(300), nullable=False)
    issuer = db.Column(db.String(120), nullable=False, default="")  # 发文机关
    doc_number = db.Column(db.String(80), nullable=False, default="", index=True)  # 发文字号
    issued_on = db.Column(db.Date, nullable=True, index=True)  # 成文日期
    category = db.Column(db.String(60), nullable=False, default="", index=True)  # 类别
    validity = db.Column(db.String(20), nullable=False, default="现行有效")  # 有效性
    text = db.Column(db.Text, nullable=False, default="")
    original_name = db.Column(db.String(255), nullable=False, default="")
    stored_name = db.Column(db.String(255), nullable=False, default="")  # under UPLOAD_DIR/govdocs
    file_size = db.Column(db.Integer, nullable=False, default=0)
    sha256 = db.Column(db.String(64), nullable=False)
    uploaded_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    uploaded_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    voided_at = db.Column(db.DateTime, nullable=True)  # withdrawn from the library, never deleted
    void_reason = db.Column(db.Text, nullable=True)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    uploaded_by = db.relationship("User")

    __mapper_args__ = {"version_id_col": row_version}
