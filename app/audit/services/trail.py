"""Appending to and checking the audit trail."""
from ...core.timeutil import utcnow
from ...extensions import db
from ..logic.chain import GENESIS, canonical_details, entry_hash, verify_chain
from ..models import AuditEntry

def record(user, action: str, object_type: str, object_id, details: dict | None = None) -> AuditEntry:
    """Append an entry in the current session; the caller's commit makes it durable together
    with the change it describes (so a rolled-back change leaves no trail entry)."""
    if db.session.get_bind().dialect.name == "postgresql":
        # Serialise appenders so two workers never chain onto the same previous row.
        db.session.execute(db.text("SELECT pg_advisory_xact_lock(917531)"))
    at = utcnow()
    details_json = canonical_details(details or {})
    user_id = getattr(user, "id", None) if user is not None and getattr(user, "is_authenticated", True) else None
    entry = AuditEntry(
        at=at,
        user_id=user_id,
        username=getattr(user, "username", None) if user_id else None,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        details=details_json,
        prev_hash="",
        hash="",
    )
    db.session.add(entry)
    # Inserting first takes SQLite's write lock, so the previous row read next is really the last one.
    db.session.flush([entry])
    prev = db.session.execute(
        db.select(AuditEntry.hash).where(AuditEntry.id < entry.id).order_by(AuditEntry.id.desc()).limit(1)
    ).scalar() or GENESIS
    entry.prev_hash = prev
    entry.hash = entry_hash(prev, at, user_id, action, object_type, entry.object_id, details_json)
    db.session.flush([entry])
    return entry


def record_now(user, action: str, object_type: str, object_id, details: dict | None = None) -> None:
    """For events with no other change to commit (denied action, logout)."""
    db.session.rollback()
    record(user, action, object_type, object_id, details)
    db.session.commit()


def verify():
    rows = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000)
    return verify_chain(rows)
