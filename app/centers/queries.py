"""Read-only questions about the center tree. The tree itself is installation-wide: these reads are
never scoped to the current center."""

from __future__ import annotations

from ..core import cache
from ..extensions import db
from .context import current_center_id, default_center_id
from .logic import tree
from .models import Center

_ALL = {"all_centers": True}
TREE_TOPIC = "centers.tree"  # watched in wiring.py: any change to a center moves it on


def _read_pairs() -> tuple[tuple[int, int | None], ...]:
    return tuple(tuple(r) for r in db.session.execute(db.select(Center.id, Center.parent_id).execution_options(**_ALL)))


def _pairs() -> tuple[tuple[int, int | None], ...]:
    # (id, parent) of every center: read on every search and statistics page, changed almost never
    return cache.cached(TREE_TOPIC, "pairs", _read_pairs)


def _read_names() -> dict[int, str]:
    return dict(db.session.execute(db.select(Center.id, Center.name).execution_options(**_ALL)).all())


def center_names(ids) -> dict[int, str]:
    """{id: name} of the given centers (the ones that exist), from the kept names."""
    names = cache.cached(TREE_TOPIC, "names", _read_names)
    return {i: names[i] for i in sorted({int(i) for i in ids or ()}) if i in names}


def current_center_name() -> str:
    """The name of the center this request or command acts in: page headers, notices, bulletins and
    certificates carry it (a county's pages and papers name the county, not the city)."""
    center_id = current_center_id()
    return center_names([center_id]).get(center_id, "")


def get(center_id: int) -> Center | None:
    return db.session.get(Center, center_id)


def all_centers() -> list[Center]:
    return db.session.scalars(db.select(Center).order_by(Center.parent_id.is_not(None), Center.id)).all()


def default_center() -> Center:
    return db.session.get(Center, default_center_id())


def ancestor_ids(center_id: int) -> list[int]:
    """Parent first, up to the root; not the center itself."""
    return tree.ancestors(_pairs(), center_id)


def descendant_ids(center_id: int) -> list[int]:
    """Every center below (breadth first); not the center itself."""
    return tree.descendants(_pairs(), center_id)


def children(center_id: int) -> list[Center]:
    return db.session.scalars(db.select(Center).where(Center.parent_id == center_id).order_by(Center.id)).all()


def by_code(code: str) -> Center | None:
    return db.session.scalar(db.select(Center).where(Center.code == code))
