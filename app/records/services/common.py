"""What the records room's use cases share: the refusal type, the permission check, the version
check and the flush that maps a stale row or a unique collision to a refusal. No use case commits:
the request commits once after the view; a CLI command, a demo loader or a test commits itself."""

from datetime import date

from ... import kernel
from ...auth.permissions import can


class RecordsError(ValueError):
    """A refused change; the message is shown to the user."""


class StaleEdit(RecordsError):
    def __init__(self, message="保存失败：该记录已被他人修改，请重新打开后再改。"):
        super().__init__(message)


def require(user, permission: str) -> None:
    if not can(user, permission):
        raise RecordsError("您没有权限执行此操作。")


def check_version(obj, expected) -> None:
    """A form's version is required (kernel.check_version); SAME_TRANSACTION is for in-process callers."""
    try:
        kernel.check_version(obj, expected)
    except kernel.StaleEdit as exc:
        raise StaleEdit(str(exc)) from None


def plain(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def flush() -> None:
    """A checked flush: a stale row or a unique collision becomes a refusal (never a 500)."""
    try:
        kernel.flush()
    except kernel.StaleEdit as exc:
        raise StaleEdit() from exc
    except kernel.Conflict as exc:
        raise RecordsError(str(exc)) from exc


def object_type(obj) -> str:
    return obj.__tablename__
