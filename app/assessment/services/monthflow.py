"""The month's workflow: submit → review and lock (password signature) → 公示 with appeals →
复核 → final; reopening with a reason. Every step is audited."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from flask import current_app

from ...audit.services import record, record_now
from ...core.timeutil import local_today, utcnow
from ...core.workdays import add_workdays, is_workday
from ...kernel import SAME_TRANSACTION
from ..logic import workflow as wf
from ..models import VOID, Appeal, AssessmentMonth, ScoreSheet
from ..queries import awards
from ..queries import records as sources
from ..queries.months import (
    entry_of_sheet,
    pending_appeals,
    pending_proposals,
    totals_digest,
)
from . import appeals, flags
from .common import AssessmentError, check_version, flush, require
from .sheets import recompute, refresh_facts


def month_end(month: AssessmentMonth) -> date:
    return date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def earliest_lock_day(month: AssessmentMonth) -> date | None:
    """The first of the month's last N working days when the center allows locking on them
    (setting ASSESSMENT_LOCK_LAST_WORKDAYS), else None."""
    n = int(current_app.config.get("ASSESSMENT_LOCK_LAST_WORKDAYS", 0) or 0)
    day, found = month_end(month), None
    while n > 0 and day.month == month.month:
        if is_workday(day):
            found, n = day, n - 1
        day -= timedelta(days=1)
    return found


def submit(user, month: AssessmentMonth, row_version=SAME_TRANSACTION) -> AssessmentMonth:
    """The evaluator hands the month in for review; every proposal must have been decided."""
    require(user, "assessment.score")
    check_version(month, row_version)
    target = wf.check(month.status, "submit")
    pending = pending_proposals(month)
    if pending:
        raise AssessmentError(f"尚有 {pending} 条系统建议未处理（采纳或驳回），不能提交。")
    if not month.sheets:
        raise AssessmentError("本月没有任何窗口的评分表。")
    for sheet in month.sheets:
        refresh_facts(sheet)
    month.status, month.submitted_by_id, month.submitted_at = target, user.id, utcnow()
    record(user, "submit", "assessment_month", month.id, {"month": month.key})
    flush()
    return month


def send_back(user, month: AssessmentMonth, reason: str, row_version=SAME_TRANSACTION) -> AssessmentMonth:
    require(user, "assessment.lock")
    check_version(month, row_version)
    target = wf.check(month.status, "return")
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError("退回时请填写理由。")
    month.status = target
    record(user, "reject", "assessment_month", month.id, {"month": month.key, "reason": reason})
    flush()
    return month


def lock(
    user, month: AssessmentMonth, password: str, row_version=SAME_TRANSACTION, today: date | None = None
) -> AssessmentMonth:
    """Review and lock: the reviewer re-enters the password (an electronic signature over the
    totals); the results are then published (公示) for the scheme's number of working days."""
    from ...auth.services import AuthError, verify_password_for_signature

    require(user, "assessment.lock")
    check_version(month, row_version)
    target = wf.check(month.status, "lock")
    today = today or local_today()
    if blocker := wf.lock_blocker(month.year, month.month, month_end(month), today, earliest_lock_day(month)):
        raise AssessmentError(blocker)
    if month.submitted_by_id == user.id and not current_app.config.get("ASSESSMENT_SUBMITTER_MAY_LOCK", False):
        raise AssessmentError(
            "提交本月考核的考评员不能再审核锁定本月（职责分离）：请由另一位有审核权限的人员审核签名。"
        )
    try:
        verify_password_for_signature(user, password)
    except AuthError as exc:
        # Kept though the request rolls back: written and committed on its own (nothing else changed yet).
        record_now(user, "sign_refused", "assessment_month", month.id, {"reason": "签名密码不正确"})
        raise AssessmentError(str(exc)) from exc
    days = month.scheme_version.scheme.red_flag.publicity_workdays
    month.status = target
    month.locked_by_id, month.locked_at = user.id, utcnow()
    month.lock_sha256 = totals_digest(month)
    month.publicity_start, month.publicity_end = today, add_workdays(today, days)
    out = awards.outcome(month)
    record(
        user,
        "lock",
        "assessment_month",
        month.id,
        {
            "month": month.key,
            "sha256": month.lock_sha256,
            "publicity_end": month.publicity_end.isoformat(),
            "flags": out.flags,
        },
    )
    flush()
    return month


def _window_of_user(user, sheet: ScoreSheet) -> bool:
    if not user.staff_id:
        return False
    return any(s.id == user.staff_id for s in sources.window_staff(sheet.window_id, sheet.month.year))


def lodge_appeal(
    user, sheet: ScoreSheet, reasons: str, entry_id: int | None = None, today: date | None = None
) -> Appeal:
    """申诉: staff of the window contest the sheet (or one entry) during the 公示."""
    require(user, "assessment.appeal")
    month = sheet.month
    today = today or local_today()
    if not wf.appeal_open(month.status, month.publicity_end, today):
        raise AssessmentError("只能在公示期内提出申诉。")
    if not _window_of_user(user, sheet):
        raise AssessmentError("只有本窗口的工作人员可以对本窗口的考核结果提出申诉。")
    entry = None
    if entry_id:
        entry = entry_of_sheet(sheet, entry_id)
        if entry is None:
            raise AssessmentError("所申诉的记录不属于该评分表。")
    appeal = appeals.lodge(
        user,
        reasons,
        {"sheet": sheet.id, "window": sheet.window_name, "entry": entry.id if entry else None},
        sheet_id=sheet.id,
        entry_id=entry.id if entry else None,
    )
    flush()
    return appeal


def decide_appeal(user, appeal: Appeal, upheld: bool, decision: str, row_version=SAME_TRANSACTION) -> Appeal:
    """复核: upheld voids the contested entry and rescores the sheet; dismissed keeps it."""
    require(user, "assessment.decide_appeal")
    if appeal.sheet_id is None:
        raise AssessmentError("该申诉不是针对月度考核的申诉。")
    if appeal.sheet.month.status != wf.PUBLICITY:
        raise AssessmentError("只有公示中的月份可以复核申诉。")
    details = {"sheet": appeal.sheet_id, **appeals.settle(user, appeal, upheld, decision, row_version)}
    if upheld and appeal.entry is not None and appeal.entry.status != VOID:
        e = appeal.entry
        e.status, e.decision_reason, e.decided_by_id, e.decided_at = (
            VOID,
            f"申诉成立：{appeal.decision}",
            user.id,
            utcnow(),
        )
        res = recompute(user, appeal.sheet)
        details.update(voided_entry=e.id, total=res.total)
    appeals.audit_decision(user, appeal, details)
    flush()
    return appeal


def finalise(user, month: AssessmentMonth, row_version=SAME_TRANSACTION, today: date | None = None) -> AssessmentMonth:
    """After the 公示 with every appeal decided: the results are final and the flags given."""
    require(user, "assessment.lock")
    check_version(month, row_version)
    reason = wf.can_finalise(month.status, month.publicity_end, today or local_today(), pending_appeals(month))
    if reason:
        raise AssessmentError(reason)
    month.status = wf.FINAL
    month.finalised_by_id, month.finalised_at = user.id, utcnow()
    out = awards.outcome(month)
    flags.write_month_flags(month, out)
    flush()
    flags.write_period_flags(month)
    record(
        user,
        "approve",
        "assessment_month",
        month.id,
        {"month": month.key, "flags": out.flags, "sha256": totals_digest(month)},
    )
    flush()
    return month


def reopen(user, month: AssessmentMonth, reason: str, row_version=SAME_TRANSACTION) -> AssessmentMonth:
    """Reopen a locked (or final) month for corrections. The reason is required and audited;
    flags already given for it are revoked with that reason."""
    require(user, "assessment.reopen")
    check_version(month, row_version)
    target = wf.check(month.status, "reopen")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise AssessmentError("重新开放已锁定的考核必须填写理由（至少 4 个字）。")
    revoked = flags.revoke_flags(month, reason) if month.status == wf.FINAL else 0
    previous = month.status
    month.status = target
    month.lock_sha256 = None
    month.locked_by_id = month.locked_at = month.publicity_start = month.publicity_end = None
    month.finalised_by_id = month.finalised_at = None
    month.reopen_count = (month.reopen_count or 0) + 1
    record(
        user,
        "reopen",
        "assessment_month",
        month.id,
        {"month": month.key, "from": previous, "reason": reason, "revoked_flags": revoked},
    )
    flush()
    return month
