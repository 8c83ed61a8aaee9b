from ..centers.models import CenterOwned
from ..core.timeutil import utcnow
from ..extensions import db


class AuditEntry(CenterOwned, db.Model):
    """Append-only trail (ISO 9001 7.5.3). Each row's hash covers its content and the previous
    row's hash, so an edited or removed row breaks the chain at that point."""

    __tablename__ = "audit_entries"

    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    user_id = db.Column(db.Integer, nullable=True, index=True)
    username = db.Column(db.String(64), nullable=True)
    action = db.Column(db.String(32), nullable=False, index=True)
    object_type = db.Column(db.String(64), nullable=False, index=True)
    object_id = db.Column(db.String(64), nullable=True)
    details = db.Column(db.Text, nullable=False, default="{}")
    prev_hash = db.Column(db.String(64), nullable=False)
    hash = db.Column(db.String(64), nullable=False)
