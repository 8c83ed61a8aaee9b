"""The index follows the database: changed searchable objects are collected in after_flush,
written to the index in after_commit and dropped on rollback. A failed index write is logged
and never undoes the database change (`flask search check` or `reindex` repairs the index)."""

from __future__ import annotations

import logging
from contextlib import contextmanager

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..documents.models import Document, DocumentVersion
from ..extensions import db
from . import sources
from .backend import get_backend
from .registry import source_of

log = logging.getLogger(__name__)
_PENDING = "search_pending"
_DEFERRED = "search_deferred"
_registered = False


def register_session_events() -> None:
    global _registered
    if _registered:
        return
    _registered = True
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)


def _after_flush(session, _context) -> None:
    pending = session.info.setdefault(_PENDING, set())
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, DocumentVersion) and obj.id is not None:
            pending.add(f"dv:{obj.id}")
            if obj.document_id is not None:  # approving one version supersedes its siblings
                pending.add(f"doc:{obj.document_id}")
        elif isinstance(obj, Document) and obj.id is not None:
            pending.add(f"doc:{obj.id}")  # title, number, repeal: every version's entry changes
        elif (source := source_of(obj)) is not None and obj.id is not None:
            pending.add(f"{source.prefix}:{obj.id}")  # a row of a source another room registered


def _after_rollback(session) -> None:
    session.info.pop(_PENDING, None)


@contextmanager
def deferred_indexing(app: Flask | None = None):
    """Bulk loads: collect every committed change and write the index once at the end."""
    app = app or current_app._get_current_object()
    session = db.session()
    collected = session.info[_DEFERRED] = set()
    try:
        yield collected
    finally:
        session.info.pop(_DEFERRED, None)
        if collected:
            try:
                sync_keys(app, collected)
            except Exception:
                log.exception("search index update failed after a bulk load; run `flask search check`")


def _after_commit(session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    if _DEFERRED in session.info:
        session.info[_DEFERRED] |= pending
        return
    try:
        app = current_app._get_current_object()
    except RuntimeError:
        return
    if "search" not in app.extensions:
        return
    try:
        sync_keys(app, pending)
    except Exception:
        log.exception("search index update failed for %d item(s); run `flask search check`", len(pending))
        keys = {k for k in pending if not k.startswith("doc:")}
        get_backend(app).forget(keys if len(keys) == len(pending) else {"*"})


def sync_keys(app: Flask, keys: set[str]) -> None:
    """Bring the index entries for `keys` in line with the database (a fresh session: the
    committing one cannot emit SQL inside after_commit)."""
    with Session(db.engine) as session:
        doc_ids = [int(k[4:]) for k in keys if k.startswith("doc:")]
        wanted = {k for k in keys if not k.startswith("doc:")}
        if doc_ids:
            wanted |= set(sources.version_keys(doc_ids, session))
        docs = sources.load(sorted(wanted), session)
    backend = get_backend(app)
    found = {d.key for d in docs}
    backend.update(docs, wanted - found)
