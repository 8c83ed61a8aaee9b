"""What the documents room's use cases share: the refusal types, the permission check and the
flush that turns a stale row or a collision into a refusal. No use case commits: the request
commits once after the view; a CLI command, a demo loader or a test commits for itself."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ...auth.permissions import can
from ...centers.context import current_center_id
from ...extensions import db


class DocumentError(Exception):
    """A refused document action; str(exc) is shown to the user."""


class StaleEditError(DocumentError):
    pass


def _require(user, permission: str) -> None:
    if user is None or not can(user, permission):
        raise DocumentError("您没有执行此操作的权限。")


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:
        db.session.rollback()
        raise StaleEditError("该记录已被他人修改，请刷新页面后重试。") from exc
    except IntegrityError as exc:  # e.g. two people drafting the same revision at once
        db.session.rollback()
        raise StaleEditError("该文件刚被他人修改（编号或版本号已被占用），请刷新页面后重试。") from exc


def _require_own(document) -> None:
    """A rule handed down from a center above is changed only by the center that made it; the
    center below adds a 补充规定 or a 本地版本 instead (services/handed_down.py)."""
    if document is not None and document.center_id != current_center_id():
        raise DocumentError("上级下发的制度只能由制定中心修订或废止；本中心可添加补充规定或本地版本。")
