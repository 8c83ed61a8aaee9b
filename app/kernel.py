"""The service kernel every room shares: refusals, permission checks, optimistic locking and a
flush that turns concurrency failures into refusals.

A use case (app/<room>/services/) takes the acting user, calls `require`, changes the session,
writes the audit trail and calls `flush()`; it never commits. The request commits once after the
view returns (see `commit_request`), a CLI command or a test commits for itself.
"""

from __future__ import annotations

import functools

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from .extensions import db


class DomainError(ValueError):
    """A refused action; str(exc) is the Chinese message shown to the user."""


class PermissionDenied(DomainError):
    def __init__(self, message: str = "您没有执行此操作的权限。"):
        super().__init__(message)


class StaleEdit(DomainError):
    """Someone else saved the object since the form was loaded (or the form carried no version)."""

    def __init__(
        self, message: str = "保存失败：该记录已被他人修改，您的这次保存未生效。请刷新页面查看最新内容后再改。"
    ):
        super().__init__(message)


class Conflict(DomainError):
    """Two writers claimed the same unique value at once; nothing was saved."""

    def __init__(
        self, message: str = "保存失败：与他人同时提交的内容冲突（编号已被占用），您的这次保存未生效，请重试。"
    ):
        super().__init__(message)


# The auth room hands in its permission rules at set-up (auth/wiring.py), so the kernel imports no
# room and no room reaches auth through it in a hidden circle.
_access: dict = {}


def use_access_rules(can, guard) -> None:
    """Called once by the auth room: `can(user, perm[, obj])` and its route guard decorator factory."""
    _access.update(can=can, guard=guard)


def require(user, permission: str, obj=None) -> None:
    """Refuse unless `user` holds `permission` (on `obj`, when the permission looks at objects)."""
    can = _access["can"]
    allowed = can(user, permission, obj) if obj is not None else can(user, permission)
    if user is None or not allowed:
        raise PermissionDenied()


def permission_required(permission: str):
    """The route guard of app.auth.permissions for rooms that the auth room itself records into
    (audit): login, role check, refusal audited and answered 403, resolved when the view runs."""

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            return _access["guard"](permission)(view)(*args, **kwargs)

        guarded.permission = permission  # read by tests/test_access.py, as on auth's own guard
        return guarded

    return decorate


class _SameTransaction:
    """Passed by code that loaded the object in the same transaction it changes it in (demo loaders,
    CLI imports, one service calling another): there is no form whose version could be stale."""

    def __repr__(self) -> str:
        return "SAME_TRANSACTION"


SAME_TRANSACTION = _SameTransaction()


def check_version(obj, submitted) -> None:
    """Optimistic lock: the form must carry the row_version it was loaded with. A missing version
    is refused like a stale one, so a form posted without it can never overwrite silently. Only the
    explicit SAME_TRANSACTION marker (never a form value) skips the check."""
    if submitted is SAME_TRANSACTION:
        return
    if submitted is None or str(submitted).strip() == "":
        raise StaleEdit("保存失败：表单缺少版本信息，无法确认您看到的是最新内容。请刷新页面后再改。")
    try:
        version = int(submitted)
    except (TypeError, ValueError):
        raise StaleEdit() from None
    if version != obj.row_version:
        raise StaleEdit()


def _write(step) -> None:
    """Run a flush or commit; a stale row or a unique collision rolls back and becomes a refusal."""
    try:
        step()
    except StaleDataError as exc:
        db.session.rollback()
        raise StaleEdit() from exc
    except IntegrityError as exc:
        db.session.rollback()
        raise Conflict() from exc


def flush() -> None:
    """Flush the session (a use case's last step); concurrency failures become refusals."""
    _write(db.session.flush)


def commit_request() -> None:
    """The one commit of a request (called by the app after the view returns)."""
    _write(db.session.commit)
