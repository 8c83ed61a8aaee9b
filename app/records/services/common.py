"""What the records room's use cases share: the refusal type, the permission check, the version
check and the write that maps a stale row to a refusal."""
from datetime import date

from sqlalchemy.orm.exc import StaleDataError

from ...auth.permissions import can
from ...extensions import db


class RecordsError(ValueError):
    """A refused change; the message is shown to the user."""


class StaleEdit(RecordsError):
    def __init__(self, message="保存失败：该记录已被他人修改，请重新打开后再改。"):
        super().__init__(message)


def require(user, permission: str) -> None:
    if not can(user, permission):
        raise RecordsError("您没有权限执行此操作。")


def check_version(obj, expected) -> None:
    if expected is not None and str(expected) != "" and int(expected) != obj.row_version:
        raise StaleEdit()


def plain(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def commit() -> None:
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise StaleEdit() from exc


def object_type(obj) -> str:
    return obj.__tablename__
