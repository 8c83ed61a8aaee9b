"""效能投诉 after GB/T 36113-2018: an issued number, an investigator, the five steps with
working-day deadlines, the finding (成立 / 部分成立 / 不成立) and 责任追究 decisions.

The complaint itself is the records room's Complaint (rec_complaints): this module issues its
number, keeps its steps (hall_complaint_steps) and decisions (hall_accountability), and writes
the finding into Complaint.finding / valid, so the monthly scoring's 有效投诉 follows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ...audit.services import record
from ...auth.models import User
from ...extensions import db
from ...kernel import check_version, flush, require
from ...records.models import COMPLAINT_CHANNELS, Complaint, Staff, Window
from ..logic import complaints as rules
from ..models import Accountability, ComplaintStep
from .common import HallError, next_number, setting


def limits() -> dict:
    return {
        rules.ACCEPT: setting("HALL_COMPLAINT_ACCEPT_DAYS", 1),
        rules.INVESTIGATE: setting("HALL_COMPLAINT_INVESTIGATE_DAYS", 5),
        rules.HANDLE: setting("HALL_COMPLAINT_HANDLE_DAYS", 5),
        rules.FEEDBACK: setting("HALL_COMPLAINT_FEEDBACK_DAYS", 2),
        rules.ARCHIVE: None,
    }


def steps_done(complaint_id: int) -> dict[str, date]:
    rows = db.session.execute(
        select(ComplaintStep.step, ComplaintStep.done_on).where(ComplaintStep.complaint_id == complaint_id)
    ).all()
    return dict(rows)


def plan(c: Complaint, today: date) -> list[rules.StepView]:
    return rules.plan(c.received_on, steps_done(c.id), today, limits())


def register(
    user,
    received_on: date,
    channel: str,
    complainant: str,
    contact: str,
    content: str,
    window_id: int | None = None,
    staff_id: int | None = None,
    case_id: int | None = None,
    investigator_id: int | None = None,
) -> Complaint:
    """登记: the number is issued (TS + year + "-" + running number), never typed."""
    require(user, "hall.manage")
    if not (content or "").strip():
        raise HallError("请填写投诉内容。")
    if channel not in COMPLAINT_CHANNELS:
        raise HallError("请选择投诉渠道。")
    if window_id and db.session.get(Window, window_id) is None:
        raise HallError("被投诉窗口不存在。")
    if staff_id and db.session.get(Staff, staff_id) is None:
        raise HallError("被投诉人员不存在。")
    inv = db.session.get(User, investigator_id) if investigator_id else None
    if investigator_id and inv is None:
        raise HallError("调查人不存在。")
    c = Complaint(
        number=next_number(Complaint, Complaint.number, f"TS{received_on:%Y}-", 5),
        channel=channel,
        received_on=received_on,
        complainant=(complainant or "").strip()[:80],
        contact=(contact or "")[:80],
        window_id=window_id or None,
        staff_id=staff_id or None,
        case_id=case_id,
        content=content.strip(),
        investigator_id=investigator_id,
        handler_name=inv.display_name if inv else "",
    )
    c.deadline_on = rules.plan(received_on, {}, received_on, limits())[3].due_on
    db.session.add(c)
    flush()
    record(
        user,
        "create",
        "rec_complaints",
        c.id,
        {"number": c.number, "channel": channel, "window_id": window_id, "investigator_id": investigator_id},
    )
    return c


def assign(user, c: Complaint, investigator_id: int, version) -> Complaint:
    require(user, "hall.manage")
    check_version(c, version)
    inv = db.session.get(User, investigator_id)
    if inv is None:
        raise HallError("调查人不存在。")
    c.investigator_id, c.handler_name = inv.id, inv.display_name
    flush()
    record(user, "update", "rec_complaints", c.id, {"investigator_id": inv.id})
    return c


def do_step(
    user, c: Complaint, step: str, on: date, version, note: str = "", finding: str | None = None, result: str = ""
) -> ComplaintStep:
    """Complete the complaint's next step. 调查 carries the finding; 处置 the result; 反馈 the
    reply to the complainant (replied_on); 归档 closes it."""
    require(user, "hall.manage")
    check_version(c, version)
    if c.is_void:
        raise HallError("已作废的投诉不能办理。")
    done = steps_done(c.id)
    try:
        rules.check_next(done, step, on, c.received_on, finding)
    except rules.ComplaintError as exc:
        raise HallError(str(exc)) from exc
    if step == rules.INVESTIGATE and c.investigator_id is None:
        raise HallError("请先指定调查人。")
    if step == rules.FEEDBACK and not (note or "").strip():
        raise HallError("请记录向投诉人反馈的方式和内容。")
    view = {v.step: v for v in rules.plan(c.received_on, done, on, limits())}[step]
    row = ComplaintStep(
        complaint_id=c.id, step=step, done_on=on, due_on=view.due_on, note=(note or "").strip(), user_id=user.id
    )
    db.session.add(row)
    if step == rules.INVESTIGATE:
        c.finding, c.valid, c.verdict_on, c.verdict_reason = finding, rules.is_valid(finding), on, (note or "").strip()
    elif step == rules.HANDLE:
        c.result = (result or note or "").strip()
    elif step == rules.FEEDBACK:
        c.replied_on = on
    flush()
    record(
        user,
        "update",
        "rec_complaints",
        c.id,
        {"step": step, "on": on.isoformat(), "finding": finding, "late": bool(view.due_on and on > view.due_on)},
    )
    return row


def decide(user, c: Complaint, decision: str, on: date, staff_id: int | None = None, note: str = "") -> Accountability:
    """责任追究: only on a complaint found 成立 or 部分成立."""
    require(user, "hall.manage")
    if decision not in rules.DECISIONS:
        raise HallError("请选择责任追究方式。")
    if not rules.is_valid(c.finding):
        raise HallError("只有调查结论为成立或部分成立的投诉才能作出责任追究决定。")
    a = Accountability(
        complaint_id=c.id,
        window_id=c.window_id,
        staff_id=staff_id or c.staff_id,
        decision=decision,
        decided_on=on,
        note=(note or "").strip(),
        decided_by_id=user.id,
    )
    db.session.add(a)
    c.penalty = "、".join(filter(None, [c.penalty, rules.DECISIONS[decision]]))[:200]
    flush()
    record(
        user,
        "create",
        "hall_accountability",
        a.id,
        {"complaint": c.number, "decision": decision, "staff_id": a.staff_id, "on": on.isoformat()},
    )
    return a


def decisions_of(complaint_id: int) -> list[Accountability]:
    return db.session.scalars(
        select(Accountability).where(Accountability.complaint_id == complaint_id).order_by(Accountability.id)
    ).all()
