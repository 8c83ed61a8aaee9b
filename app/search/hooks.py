"""The index follows the database: changed searchable objects are collected in after_flush,
written to the index in after_commit and dropped on rollback. A failed index write is logged
and never undoes the database change (`flask search check` or `reindex` repairs the index)."""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..core.timeutil import local_today
from ..documents.models import Document, DocumentVersion
from ..extensions import db
from . import sources
from .engine import WhooshBackend
from .registry import SOURCES, source_of

log = logging.getLogger(__name__)
_PENDING = "search_pending"
_DEFERRED = "search_deferred"
_registered = False


def make_backend(app: Flask):
    """The engine SEARCH_BACKEND names: "postgres" (the default on PostgreSQL: nothing on a local
    disk, shared by every app server) or "whoosh" (the default elsewhere: an index under instance/)."""
    if search_engine_name(app) == "postgres":
        from .pg_backend import PostgresBackend

        def load_all_pg():
            with Session(db.engine) as session:
                yield from sources.load_all(session=session)

        with app.app_context():
            engine = db.engine
        return PostgresBackend(engine, load_all=load_all_pg, today=local_today)

    # Fresh sessions: these run inside after_commit too, where the committing session is done.
    def load(keys):
        with Session(db.engine) as session:
            return sources.load(keys, session)

    def load_all():
        with Session(db.engine) as session:
            yield from sources.load_all(session=session)

    return WhooshBackend(
        app.config["SEARCH_INDEX_DIR"], load=load, load_all=load_all, today=local_today, context=app.app_context
    )  # the background rebuild of a damaged index runs in it


def search_engine_name(app: Flask) -> str:
    name = app.config.get("SEARCH_BACKEND")
    if name:
        return name
    return "postgres" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else "whoosh"


def get_backend(app: Flask | None = None):
    """The search backend of this app (one per worker process)."""
    app = app or current_app._get_current_object()
    backend = app.extensions.get("search")
    if backend is None:
        backend = app.extensions["search"] = make_backend(app)
    return backend


def init_app(app: Flask) -> None:
    from ..core import cache

    # The search page's filter suggestions: the documents' and every registered source's rows (the
    # rooms register their sources from their wiring, set up before the search room).
    cache.watch("search.filters", Document, *(source.model for source in SOURCES.values()))
    app.extensions["search"] = make_backend(app)
    _register_session_events()
    if not app.testing and app.config.get("SEARCH_WARMUP", True):
        # Open an existing index now (tens of ms: one small record per document), so a fresh
        # worker's first search costs what a warm one does. Nothing else is loaded: texts are
        # read from the mapped store, and ranking needs no jieba dictionary at query time.
        _warm(app)


def _warm(app: Flask) -> None:
    backend = app.extensions["search"]
    folder = getattr(backend, "index_dir", None)
    if folder is not None and not os.path.isdir(folder):
        return  # never create an index here: before `flask db upgrade` it would stay empty
    try:
        with app.app_context():
            backend.warm()
            backend.search("预热", per_page=1)  # the code paths and the first pages of the postings
            sources.cached_suggestions()  # the page's filter suggestions (DISTINCT over every text row)
            sources.load_hits(["dv:0", *(f"{prefix}:0" for prefix in SOURCES)])  # its statements compiled once
            db.session.remove()
            from sqlalchemy.orm import configure_mappers

            configure_mappers()
            _compile_templates(app, "search/index.html")
    except Exception:  # a cold index is slower, never wrong
        log.exception("search warm-up failed")


def _compile_templates(app: Flask, name: str) -> None:
    """Compile the search page's template and those it extends, imports or includes, so the
    first request does not pay for it (about 150 ms)."""
    from jinja2 import meta

    env, todo, done = app.jinja_env, [name], set()
    while todo:
        current = todo.pop()
        if current in done:
            continue
        done.add(current)
        env.get_template(current)
        source = env.loader.get_source(env, current)[0]
        todo += [t for t in meta.find_referenced_templates(env.parse(source)) if isinstance(t, str)]


def _register_session_events() -> None:
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
