"""What the quality services share: the refusal type, the permission check, a checked flush."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ... import kernel
from ...auth.permissions import can
from ...extensions import db
from ...kernel import DomainError
from ...kernel import StaleEdit as KernelStaleEdit


class QualityError(DomainError):
    """A refused quality action; str(exc) is shown to the user (in Chinese)."""


class StaleEdit(QualityError, KernelStaleEdit):
    def __init__(self, message="保存失败：该记录已被他人修改，请刷新页面后重试。"):
        super().__init__(message)


def require(user, permission: str) -> None:
    if user is None or not can(user, permission):
        raise QualityError("您没有执行此操作的权限。")


def check_version(obj, row_version) -> None:
    """A form's version is required (kernel.check_version); SAME_TRANSACTION is for in-process callers."""
    try:
        kernel.check_version(obj, row_version)
    except kernel.StaleEdit as exc:
        raise StaleEdit(str(exc)) from None


def flush() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleEdit() from exc
    except IntegrityError as exc:
        raise StaleEdit("保存失败：编号已被占用或记录已被他人修改，请刷新页面后重试。") from exc


def step_policy():
    """The step deadlines, from QUALITY_STEP_DAYS / QUALITY_EFFECTIVENESS_MONTHS when configured."""
    from flask import current_app

    from ..logic.steps import StepPolicy

    base = StepPolicy()
    days = dict(base.days, **(current_app.config.get("QUALITY_STEP_DAYS") or {}))
    months = int(current_app.config.get("QUALITY_EFFECTIVENESS_MONTHS", base.effectiveness_months))
    return StepPolicy(days=days, effectiveness_months=months)
