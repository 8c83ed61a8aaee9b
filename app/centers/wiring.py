"""The centers room's part of the app beyond its routes: the scoping of every ORM statement, the
kept center tree."""

from ..core import cache
from ..core import scope as core_scope
from . import scoping
from .context import current_center_id, scope_ids
from .models import Center
from .queries import TREE_TOPIC


def init_app(app) -> None:
    scoping.install()
    core_scope.use(scope_ids, current_center_id)  # app/core asks through it, importing no room
    cache.watch(TREE_TOPIC, Center)
