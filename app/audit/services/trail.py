"""Appending to and checking the audit trail, and its signed checkpoints."""

import fcntl
import json
import os

from flask import current_app

from ...centers.context import unscoped
from ...core.timeutil import utcnow
from ...extensions import db
from ..keys import chain_key
from ..logic.chain import GENESIS, ChainState, canonical_details, entry_hash, sign_checkpoint, verify_chain
from ..models import AuditEntry


def _whole_chain(fn):
    """The chain runs through every center's entries (one chain per installation): its reads are
    never scoped to the current center; an entry belongs to the center it was written in."""
    import functools

    @functools.wraps(fn)
    def run(*args, **kwargs):
        with unscoped():
            return fn(*args, **kwargs)

    return run


@_whole_chain
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
    prev = (
        db.session.execute(
            db.select(AuditEntry.hash).where(AuditEntry.id < entry.id).order_by(AuditEntry.id.desc()).limit(1)
        ).scalar()
        or GENESIS
    )
    entry.prev_hash = prev
    entry.hash = entry_hash(
        chain_key(), entry.id, prev, at, user_id, entry.username, action, object_type, entry.object_id, details_json
    )
    db.session.flush([entry])
    return entry


def record_now(user, action: str, object_type: str, object_id, details: dict | None = None) -> None:
    """For events with no other change to commit (denied action, logout)."""
    db.session.rollback()
    record(user, action, object_type, object_id, details)
    db.session.commit()


@_whole_chain
def verify(write_checkpoint: bool = True) -> ChainState:
    """Check the whole chain against the last checkpoint; when it holds, seal a new checkpoint
    (a broken chain is never sealed: the old checkpoint keeps showing what was lost)."""
    checkpoint = last_checkpoint()
    rows = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=1000))
    state = verify_chain(rows, chain_key(), checkpoint)
    if state.intact and write_checkpoint:
        _append_checkpoint(state.head_id, state.head_hash, state.count, state.legacy_rows)
    return state


def checkpoint_path() -> str:
    return current_app.config.get("AUDIT_CHECKPOINT_FILE") or os.path.join(
        current_app.instance_path, "audit_checkpoints.jsonl"
    )


def last_checkpoint() -> dict | None:
    """The newest checkpoint in the file (one signed JSON object a line), or None."""
    path = checkpoint_path()
    if not os.path.exists(path):
        return None
    last = None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                try:
                    last = json.loads(line)
                except ValueError:
                    last = {"sig": "", "head_id": None}  # a damaged line fails the signature check
    return last


@_whole_chain
def write_checkpoint() -> dict:
    """Seal the present head and count without a full verification (the daily job)."""
    head = db.session.execute(db.select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    count = db.session.scalar(db.select(db.func.count(AuditEntry.id)))
    previous = last_checkpoint() or {}
    _refuse_to_seal_a_loss(previous)
    legacy = int(previous.get("legacy_rows") or 0) if previous else _count_legacy_prefix()
    return _append_checkpoint(head.id if head else None, head.hash if head else GENESIS, count, legacy)


@_whole_chain
def _refuse_to_seal_a_loss(previous: dict) -> None:
    """Cheap test against the previous checkpoint (its head row still there with the same hash, as many
    rows up to it): a daily checkpoint must never seal a truncated or rewritten trail."""
    head_id = previous.get("head_id")
    if not head_id:
        return
    head_hash = db.session.scalar(db.select(AuditEntry.hash).where(AuditEntry.id == head_id))
    upto = db.session.scalar(db.select(db.func.count(AuditEntry.id)).where(AuditEntry.id <= head_id))
    if head_hash != previous.get("head_hash") or upto != previous.get("count"):
        raise ValueError("审计表与上一个检查点不符，未写入新的检查点：请运行 flask audit verify 查明。")


@_whole_chain
def _count_legacy_prefix() -> int:
    rows = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=1000))
    return verify_chain(rows, chain_key()).legacy_rows


def _append_checkpoint(head_id, head_hash, count, legacy_rows) -> dict:
    checkpoint = sign_checkpoint(chain_key(), head_id, head_hash, count, legacy_rows, utcnow())
    path = checkpoint_path()
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.write(json.dumps(checkpoint, ensure_ascii=False, sort_keys=True) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return checkpoint


def checkpoint_due(max_age_seconds: int = 86400) -> bool:
    path = checkpoint_path()
    try:
        import time

        return time.time() - os.stat(path).st_mtime > max_age_seconds
    except FileNotFoundError:
        return True
