"""A fresh worker's warm-up: open an existing index and run one search, so its first search page
costs what a warm one does."""

from __future__ import annotations

import logging
import os

from flask import Flask

from ..extensions import db
from . import sources
from .registry import SOURCES

log = logging.getLogger(__name__)


def warm(app: Flask) -> None:
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
