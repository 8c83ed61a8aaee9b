"""Ancestors and descendants in the center tree, from (id, parent_id) pairs. Pure: the caller reads
the pairs (app/centers/queries.py), this module walks them. A cycle in the data (never written by
the services) is walked once and stops."""

from __future__ import annotations

from collections.abc import Iterable


def _parents(pairs: Iterable[tuple[int, int | None]]) -> dict[int, int | None]:
    return {cid: parent for cid, parent in pairs}


def children_map(pairs: Iterable[tuple[int, int | None]]) -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = {}
    for cid, parent in pairs:
        children.setdefault(parent, []).append(cid)
    for ids in children.values():
        ids.sort()
    return children


def ancestors(pairs: Iterable[tuple[int, int | None]], center_id: int) -> list[int]:
    """The parent, the parent's parent, … up to the root (nearest first); not the center itself."""
    parents = _parents(pairs)
    found: list[int] = []
    seen = {center_id}
    current = parents.get(center_id)
    while current is not None and current not in seen:
        found.append(current)
        seen.add(current)
        current = parents.get(current)
    return found


def descendants(pairs: Iterable[tuple[int, int | None]], center_id: int) -> list[int]:
    """Every center below `center_id` (breadth first, by id within a level); not the center itself."""
    children = children_map(pairs)
    found: list[int] = []
    seen = {center_id}
    queue = list(children.get(center_id, ()))
    while queue:
        cid = queue.pop(0)
        if cid in seen:
            continue
        seen.add(cid)
        found.append(cid)
        queue.extend(children.get(cid, ()))
    return found


def depth(pairs: Iterable[tuple[int, int | None]], center_id: int) -> int:
    """0 for a root, 1 for its child, …"""
    return len(ancestors(pairs, center_id))
