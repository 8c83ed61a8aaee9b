"""Automatic scoping: every ORM select (and ORM bulk UPDATE / DELETE) of a center-owned model sees
the current center's rows only, so the rooms need not change every query.

A statement that must cross centers says so: `.execution_options(all_centers=True)` (the audit
chain, the login, the permission module's tree) or `.execution_options(center_ids=[...])` with ids
the permission module allowed (`app.auth.permissions.visible_center_ids`). Core statements
(`text(...)`, `select(Model.__table__)`) are not ORM statements: they carry their own
`center_id` filter (see DEVELOPERS.md, "Centers")."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, with_loader_criteria

from .context import scope_ids
from .models import CenterOwned


def _scope(state) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        return  # the row (or its parent) was already scoped when it was first loaded
    options = state.execution_options
    if options.get("all_centers"):
        return
    ids = options.get("center_ids")
    if ids is None:
        ids = scope_ids()
        if ids is None:
            return
    ids = tuple(ids)
    state.statement = state.statement.options(
        with_loader_criteria(CenterOwned, lambda cls: cls.center_id.in_(ids), include_aliases=True)
    )


def install() -> None:
    """Listen on every Session once (create_app runs many times in the tests)."""
    if not event.contains(Session, "do_orm_execute", _scope):
        event.listen(Session, "do_orm_execute", _scope)
