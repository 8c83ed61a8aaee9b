"""Reading the audit trail."""
from ..extensions import db
from .models import AuditEntry

FILTERS = ("username", "action", "object_type")


def entries_page(filters: dict, per_page: int, page: int | None = None):
    """Newest first, narrowed by the exact username / action / object type given (empty = any)."""
    query = db.select(AuditEntry).order_by(AuditEntry.id.desc())
    if filters.get("username"):
        query = query.where(AuditEntry.username == filters["username"])
    if filters.get("action"):
        query = query.where(AuditEntry.action == filters["action"])
    if filters.get("object_type"):
        query = query.where(AuditEntry.object_type == filters["object_type"])
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
