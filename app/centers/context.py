"""The current center: whose rows a statement sees and new rows belong to.

- `acting_in(center_id)` (CLI, tests, demo loaders, jobs) sets it explicitly for a block;
- during a request: the logged-in user's center (an anonymous request: the default center);
- otherwise (CLI, tests): the one default center, the first root center, created on first use in
  a database that has none (an empty database made by `db.create_all()`).

This module imports no models (it reads the centers table with Core), so `models.CenterOwned` may
use it as a column default without an import circle."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from flask import g, has_app_context, has_request_context
from sqlalchemy import column, func, insert, select, table

from ..extensions import db

_centers = table("centers", column("id"), column("code"), column("name"), column("level"), column("parent_id"))

_acting: ContextVar[int | None] = ContextVar("hallmark_acting_center", default=None)
_unscoped: ContextVar[bool] = ContextVar("hallmark_unscoped", default=False)
_seeing: ContextVar[tuple[int, ...] | None] = ContextVar("hallmark_seeing", default=None)

DEFAULT_NAME = "本中心"
DEFAULT_CODE = "C1"


@contextlib.contextmanager
def acting_in(center_id: int):
    """Within the block the current center is `center_id` (reads are scoped to it, new rows belong
    to it), whoever is logged in."""
    token = _acting.set(int(center_id))
    try:
        yield center_id
    finally:
        _acting.reset(token)


@contextlib.contextmanager
def unscoped():
    """Within the block no statement is scoped (resolving the user, reading the tree itself)."""
    token = _unscoped.set(True)
    try:
        yield
    finally:
        _unscoped.reset(token)


@contextlib.contextmanager
def seeing(center_ids):
    """Within the block statements see the rows of `center_ids` (ids the permission module allowed:
    `app.auth.permissions.visible_center_ids`); new rows still belong to the current center."""
    token = _seeing.set(tuple(int(c) for c in center_ids))
    try:
        yield
    finally:
        _seeing.reset(token)


def is_unscoped() -> bool:
    return _unscoped.get()


def _default_name() -> str:
    from flask import current_app

    return (current_app.config.get("CENTER_NAME") if has_app_context() else None) or DEFAULT_NAME


def default_center_id(connection=None) -> int:
    """The one default center: the first root center; created in a database that has none."""
    if has_app_context():
        cached = g.get("_hallmark_default_center")
        if cached is not None:
            return cached
    conn = connection if connection is not None else db.session.connection()
    found = conn.execute(
        select(_centers.c.id).where(_centers.c.parent_id.is_(None)).order_by(_centers.c.id).limit(1)
    ).scalar()
    if found is None:
        found = conn.execute(select(func.min(_centers.c.id))).scalar()
    if found is None:
        conn.execute(
            insert(table("centers", column("code"), column("name"), column("level"), column("row_version"))).values(
                code=DEFAULT_CODE, name=_default_name(), level="city", row_version=1
            )
        )
        return conn.execute(select(func.min(_centers.c.id))).scalar()  # not cached: a rollback may undo it
    if has_app_context():
        g._hallmark_default_center = found
    return found


def _request_user():
    """The logged-in user of this request (loaded unscoped: the login itself crosses centers)."""
    from flask_login import current_user

    with unscoped():
        user = current_user._get_current_object()
    return user if getattr(user, "is_authenticated", False) else None


def current_center_id(connection=None) -> int:
    acting = _acting.get()
    if acting is not None:
        return acting
    if has_request_context():
        user = _request_user()
        center = getattr(user, "center_id", None) if user is not None else None
        if center is not None:
            return center
    return default_center_id(connection)


def scope_ids() -> list[int] | None:
    """The centers a statement sees now, or None (no scoping) while resolving the scope itself."""
    if _unscoped.get():
        return None
    wider = _seeing.get()
    if wider is not None:
        return list(wider)
    return [current_center_id()]
