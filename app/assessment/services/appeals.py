"""What every 申诉 has in common, whether against a month sheet (monthflow.py) or a 服务标兵
cycle (exemplar_appeals.py): the reasons, the single pending state, the 复核 with a written
conclusion, and their audit entries. The callers check the target's own rules."""

from __future__ import annotations

from ...audit.services import record
from ...core.timeutil import utcnow
from ...extensions import db
from ...kernel import SAME_TRANSACTION
from ..models import DISMISSED, PENDING, UPHELD, Appeal
from .common import AssessmentError, check_version, flush, require

MIN_REASONS = 5


def clean_reasons(reasons: str) -> str:
    reasons = (reasons or "").strip()
    if len(reasons) < MIN_REASONS:
        raise AssessmentError(f"请写明申诉事项和理由（至少 {MIN_REASONS} 个字）。")
    return reasons


def lodge(user, reasons: str, details: dict, **target) -> Appeal:
    """Write a pending appeal against `target` (sheet_id/entry_id or cycle_id/nomination_id) and
    audit it; the caller has checked the permission, the 公示 and who may appeal."""
    appeal = Appeal(lodged_by_id=user.id, reasons=clean_reasons(reasons), **target)
    db.session.add(appeal)
    flush()
    record(user, "appeal", "assessment_appeal", appeal.id, details)
    return appeal


def settle(user, appeal: Appeal, upheld: bool, decision: str, row_version=SAME_TRANSACTION) -> dict:
    """复核: record the conclusion on a pending appeal. Returns the audit details, which the
    caller completes with what it changed and passes to `audit_decision`."""
    require(user, "assessment.decide_appeal")
    check_version(appeal, row_version)
    if appeal.status != PENDING:
        raise AssessmentError("该申诉已经复核。")
    decision = (decision or "").strip()
    if not decision:
        raise AssessmentError("请填写复核结论。")
    appeal.status = UPHELD if upheld else DISMISSED
    appeal.decision, appeal.decided_by_id, appeal.decided_at = decision, user.id, utcnow()
    return {"upheld": bool(upheld), "decision": decision}


def audit_decision(user, appeal: Appeal, details: dict) -> None:
    record(user, "decide", "assessment_appeal", appeal.id, details)
