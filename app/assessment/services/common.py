"""What the assessment use cases share: the room's refusal, the kernel's permission check and
optimistic lock, and the refusals a view shows as a message."""

from ...kernel import DomainError, StaleEdit, check_version, flush, require
from ..logic.schemes import SchemeError
from ..logic.scoring import ScoringError
from ..logic.workflow import WorkflowError


class AssessmentError(DomainError):
    """A refused assessment action; str(exc) is shown to the user."""


# Every refusal a view shows as a flash message: the kernel's (permission, stale, conflict) and the
# pure rules' own errors (a scheme that does not validate, points out of range, a step not allowed).
REFUSALS = (DomainError, SchemeError, ScoringError, WorkflowError)

STALE_SHEET = "该评分表已被他人修改并保存，您的这次保存未生效（之前的内容均未丢失）。请刷新页面查看最新内容后再提交。"

__all__ = ["AssessmentError", "REFUSALS", "STALE_SHEET", "StaleEdit", "check_version", "flush", "require"]
