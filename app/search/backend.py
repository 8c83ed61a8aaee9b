"""The search backend of an app: which engine SEARCH_BACKEND names, built once per worker process."""

from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy.orm import Session

from ..core.timeutil import local_today
from ..extensions import db
from . import sources
from .engine import WhooshBackend


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
