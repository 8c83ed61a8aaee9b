"""The govdocs room's part of the app beyond its routes: the words of its audit-trail entries and
its documents as a search source."""

from ..search.registry import register
from .audit_labels import register_labels
from .search_source import SOURCE


def init_app(app) -> None:
    register_labels()
    register(SOURCE)
