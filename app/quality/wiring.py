"""The quality room's part of the app beyond its routes: the words of its audit-trail entries."""

from .audit_labels import register_labels


def init_app(app) -> None:
    register_labels()
