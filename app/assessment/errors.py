"""Errors shown to the user, and the one commit helper that turns a stale save into a message."""
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from .scheme import SchemeError
from .scoring import ScoringError
from .workflow import WorkflowError


class AssessmentError(Exception):
    """A refused assessment action; str(exc) is shown to the user."""


class StaleError(AssessmentError):
    """Someone saved the same record since this form was loaded."""


# Every error a view may show as a flash message.
USER_ERRORS = (AssessmentError, SchemeError, ScoringError, WorkflowError)

STALE_MESSAGE = "该评分表已被他人修改并保存，您的这次保存未生效（之前的内容均未丢失）。请刷新页面查看最新内容后再提交。"


def commit() -> None:
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise StaleError(STALE_MESSAGE) from exc
