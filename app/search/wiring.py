"""What the search room adds to the app: its backend, the session events that keep the index in
line with the database, the filter suggestions' cache topic and a worker's warm-up."""

from __future__ import annotations

from flask import Flask

from ..documents.models import Document
from .backend import make_backend
from .index_events import register_session_events
from .registry import SOURCES
from .warmup import warm


def init_app(app: Flask) -> None:
    from ..core import cache

    # The search page's filter suggestions: the documents' and every registered source's rows (the
    # rooms register their sources from their wiring, set up before the search room).
    cache.watch("search.filters", Document, *(source.model for source in SOURCES.values()))
    app.extensions["search"] = make_backend(app)
    register_session_events()
    if not app.testing and app.config.get("SEARCH_WARMUP", True):
        # Open an existing index now (tens of ms: one small record per document), so a fresh
        # worker's first search costs what a warm one does. Nothing else is loaded: texts are
        # read from the mapped store, and ranking needs no jieba dictionary at query time.
        warm(app)
