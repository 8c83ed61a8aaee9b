"""Cases (办件): registration and each step, with the clock kept by caseclock.py."""

from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from ... import kernel
from ...audit.services import record
from ...core import sequences
from ...core.timeutil import local_today
from ...extensions import db
from ..logic import caseclock
from ..logic.vocab import (
    CASE_NUMBER_WIDTH,
    STEP_LABELS,  # noqa: F401  (the views and the hall room read it here)
    case_number_prefix,
)
from ..models import Case, CaseEvent, ServiceItem
from ..queries import revision_on
from .case_access import require_window
from .common import RecordsError, check_version, flush, require


def light_policy() -> caseclock.LightPolicy:
    cfg = current_app.config
    return caseclock.LightPolicy(
        percent=int(cfg.get("RECORDS_YELLOW_PERCENT", 20)), minimum=int(cfg.get("RECORDS_YELLOW_MIN", 1))
    )


def relight_open_cases() -> int:
    """Recompute due and yellow dates of every open case (after the calendar or RECORDS_YELLOW_*
    changed, and daily from `flask jobs run-due`); flushes, the caller commits."""
    policy, n = light_policy(), 0
    for case in db.session.scalars(select(Case).where(Case.is_open.is_(True))):
        caseclock.recompute(case, policy)
        n += 1
    db.session.flush()
    return n


def next_case_number(on: date) -> str:
    """From the sequence table (app/core/sequences.py): two writers never get the same number."""
    return sequences.next_number(Case.number, case_number_prefix(on), CASE_NUMBER_WIDTH)


def register_case(
    user,
    item: ServiceItem,
    received_at: datetime,
    applicant: str,
    window_id: int | None = None,
    handler_staff_id: int | None = None,
    applicant_phone: str = "",
    note: str = "",
    number: str | None = None,
    device=None,
) -> Case:
    """收件: limit and class come from the item's terms in force on the day of receipt.
    A hall device (the queue system, 排队叫号) registers without a user, at its own window only;
    the audit entry names the device."""
    if device is None:
        require(user, "records.cases")
    received_on = received_at.date()
    if received_on > local_today():
        raise RecordsError("收件日期不能晚于今天。")
    rev = revision_on(item.id, received_on)
    if rev is None:
        raise RecordsError("该事项在收件日期尚无有效的承诺时限。")
    window_id = window_id or item.window_id
    if window_id is None:
        raise RecordsError("请选择受理窗口。")
    if device is None:
        require_window(user, window_id, received_on, action="receive")
    elif window_id != device.window_id:
        raise RecordsError("设备只能为其所在窗口收件。")
    if number and db.session.scalar(select(Case.id).where(Case.number == number)):
        raise RecordsError(f"办件编号 {number} 已存在。")
    case = Case(
        number=number or next_case_number(received_on),
        window_id=window_id,
        item_id=item.id,
        item_revision_id=rev.id,
        handling_class=rev.handling_class,
        applicant=applicant.strip(),
        applicant_phone=applicant_phone,
        handler_staff_id=handler_staff_id,
        received_at=received_at,
        note=note,
        created_by_id=getattr(user, "id", None),
    )
    caseclock.start(case, received_on, rev.committed_limit_days, rev.handling_class == "instant", light_policy())
    db.session.add(case)
    flush()
    db.session.add(
        CaseEvent(
            case_id=case.id,
            kind="receive",
            on=received_on,
            staff_id=handler_staff_id,
            user_id=getattr(user, "id", None),
        )
    )
    record(
        user,
        "create",
        "rec_cases",
        case.id,
        {
            "number": case.number,
            "item": item.code,
            "limit_days": case.limit_days,
            "received_on": received_on.isoformat(),
            "due_on": case.due_on.isoformat(),
            **({"device_id": device.id} if device is not None else {}),
        },
    )
    flush()
    return case


def step(
    user,
    case: Case,
    kind: str,
    on: date,
    expected_version=kernel.SAME_TRANSACTION,
    outcome: str | None = None,
    note: str = "",
    staff_id: int | None = None,
) -> Case:
    """One step of the case; the clock and the light follow (caseclock)."""
    require(user, "records.cases")
    check_version(case, expected_version)
    if case.is_void:
        raise RecordsError("已作废的办件不能办理。")
    if on > local_today():
        raise RecordsError("办理日期不能晚于今天。")
    require_window(user, case.window_id, on, object_id=case.id, action=kind)
    policy = light_policy()
    try:
        if kind == "supplement":
            caseclock.stop_clock(case, on, "supplement", policy)
        elif kind == "pause":
            caseclock.stop_clock(case, on, "pause", policy)
        elif kind in ("supplement_done", "resume"):
            caseclock.resume_clock(case, on, policy)
        elif kind == "accept":
            caseclock.accept(case, on, policy)
        elif kind == "not_accept":
            caseclock.not_accept(case, on, policy)
        elif kind == "complete":
            caseclock.complete(case, on, outcome or "", policy)
        elif kind == "withdraw":
            caseclock.withdraw(case, on, policy)
        else:
            raise RecordsError("未知的办理步骤。")
    except caseclock.ClockError as exc:
        db.session.rollback()
        raise RecordsError(str(exc)) from exc
    if staff_id:
        case.handler_staff_id = staff_id
    if kind == "complete":
        case.completed_at = datetime.combine(on, datetime.min.time())
    db.session.add(CaseEvent(case_id=case.id, kind=kind, on=on, staff_id=staff_id, user_id=user.id, note=note))
    flush()
    record(
        user,
        "update",
        "rec_cases",
        case.id,
        {
            "step": kind,
            "on": on.isoformat(),
            "outcome": outcome,
            "state": case.state,
            "due_on": case.due_on.isoformat() if case.due_on else None,
            "note": note,
        },
    )
    flush()
    return case


def allowed_steps(case: Case) -> list[str]:
    """Steps the form offers for the case's state (caseclock still checks every one)."""
    if not case.is_open or case.is_void:
        return []
    if case.stopped_since is not None:
        return ["supplement_done" if case.stop_kind == "supplement" else "resume", "withdraw"] + (
            ["not_accept"] if case.stop_kind == "supplement" else []
        )
    if case.state == "received":
        steps = ["accept", "supplement", "not_accept", "withdraw"]
        return (["complete"] + steps) if case.is_instant else steps
    if case.state == "accepted":
        return ["complete", "pause", "withdraw"]
    return []
