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


def entries_about(object_type: str, object_ids, actions) -> list:
    """The entries of these actions on these objects (object_ids None: on every object of the type),
    oldest first, for cross-checks such as the document signatures against their `sign` entries."""
    query = db.select(AuditEntry).where(AuditEntry.object_type == object_type, AuditEntry.action.in_(list(actions)))
    if object_ids is not None:
        ids = [str(i) for i in object_ids]
        if not ids:
            return []
        query = query.where(AuditEntry.object_id.in_(ids))
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


def latest_id():
    return db.session.scalar(db.select(db.func.max(AuditEntry.id)))
