"""The centers room's part of the app beyond its routes: the scoping of every ORM statement."""

from . import scoping


def init_app(app) -> None:
    scoping.install()
