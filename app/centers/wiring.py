"""The centers room's part of the app beyond its routes: the scoping of every ORM statement, the
kept center tree."""

from ..core import cache
from . import scoping
from .models import Center
from .queries import TREE_TOPIC


def init_app(app) -> None:
    scoping.install()
    cache.watch(TREE_TOPIC, Center)
