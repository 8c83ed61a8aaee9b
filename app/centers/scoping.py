"""Automatic scoping: every statement a session executes sees the current center's rows only, so the
rooms need not change every query.

- ORM statements (`select(Case)`, `select(func.count(Case.id))`, `select(...).select_from(Case)`,
  ORM bulk UPDATE / DELETE): `with_loader_criteria(CenterOwned, ...)`, which reaches joins, aliases
  and subqueries of the entities;
- Core statements (`select(Case.__table__)`, `select(func.count()).where(Case.number == x)`, Core
  `update(...)` / `delete(...)`): a `center_id IN (...)` condition on each center-owned table in the
  statement's FROM list (joins included; the inner side of an outer join may be missing);
- raw SQL (`text(...)`) is not parsed: such a statement carries its own `center_id` filter
  (DEVELOPERS.md, "Centers"), as does a Core subquery of a center-owned table.

A statement that must cross centers says so: `.execution_options(all_centers=True)` (the audit
chain, the login, the center tree) or `.execution_options(center_ids=[...])` with ids the
permission module allowed (`app.auth.permissions.visible_center_ids`)."""

from __future__ import annotations

from sqlalchemy import Table, event, or_
from sqlalchemy.orm import Session, with_loader_criteria
from sqlalchemy.sql.dml import Delete, Update
from sqlalchemy.sql.selectable import Alias, Join, Select

from ..extensions import db
from .context import scope_ids
from .models import CenterOwned

_owned: set[str] = set()


def owned_tables() -> set[str]:
    """Names of the tables whose rows belong to a center (every CenterOwned model's table)."""
    if not _owned:
        for mapper in db.Model.registry.mappers:
            if issubclass(mapper.class_, CenterOwned):
                _owned.add(mapper.local_table.name)
    return _owned


def _table_of(from_) -> Table | None:
    if isinstance(from_, Table):
        return from_
    if isinstance(from_, Alias) and isinstance(from_.element, Table):
        return from_.element
    return None


def _owned_froms(from_, outer: bool = False):
    """(from clause, may be missing) for every center-owned table in `from_` (walking joins)."""
    if isinstance(from_, Join):
        yield from _owned_froms(from_.left, outer)
        yield from _owned_froms(from_.right, outer or from_.isouter)
        return
    table = _table_of(from_)
    if table is not None and table.name in owned_tables():
        yield from_, outer


def _condition(from_, outer: bool, ids):
    column = from_.c.center_id
    return or_(column.in_(ids), column.is_(None)) if outer else column.in_(ids)


def _scope_core(statement, ids):
    if isinstance(statement, Select):
        conditions = [_condition(f, o, ids) for top in statement.get_final_froms() for f, o in _owned_froms(top)]
        return statement.where(*conditions) if conditions else statement
    if isinstance(statement, (Update, Delete)):
        table = _table_of(statement.table)
        if table is not None and table.name in owned_tables():
            return statement.where(statement.table.c.center_id.in_(ids))
    return statement


def _is_orm(statement) -> bool:
    return statement._propagate_attrs.get("compile_state_plugin") == "orm"


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
    statement = state.statement
    if _is_orm(statement):
        statement = statement.options(
            with_loader_criteria(CenterOwned, lambda cls: cls.center_id.in_(ids), include_aliases=True)
        )
        if any(issubclass(m.class_, CenterOwned) for m in state.all_mappers):
            state.statement = statement
            return
        # ORM columns only in the WHERE clause (select(func.count()).where(Case.number == x)):
        # no entity for the criteria to reach, so the FROM list is filtered as in Core
    state.statement = _scope_core(statement, ids)


def install() -> None:
    """Listen on every Session once (create_app runs many times in the tests)."""
    if not event.contains(Session, "do_orm_execute", _scope):
        event.listen(Session, "do_orm_execute", _scope)
