"""首问负责制: record the matter, hand it over, confirm, answer it or turn it into a case."""

from __future__ import annotations

from datetime import datetime

from ...audit.services import record
from ...core.timeutil import local_now
from ...extensions import db
from ...kernel import check_version, flush, require
from ...records.models import Window
from ...records.services import cases as case_services
from ..logic import first_contact as rules
from ..models import FirstContact, Handover
from .common import HallError, next_number, own_window, records_call, require_window


def _now() -> datetime:
    return local_now().replace(tzinfo=None, microsecond=0)


def record_contact(
    user,
    visitor: str,
    matter: str,
    window_id: int | None = None,
    visitor_phone: str = "",
    at: datetime | None = None,
    staff_id: int | None = None,
    source: str = "desk",
    ticket: str = "",
    device=None,
    item=None,
) -> FirstContact:
    """首问登记 (visitor, matter, time): the recording window owns the matter from now on.
    A queue device (排队叫号) records for its own window, without a user."""
    if device is not None:
        window_id, source = device.window_id, "queue"
    else:
        require(user, "hall.desk")
    visitor, matter = (visitor or "").strip(), (matter or "").strip()
    if not visitor or not matter:
        raise HallError("请填写来访人和所办事项。")
    at = at or _now()
    if window_id is None:
        window = own_window(user, at.date())
        if window is None:
            raise HallError("请选择首问窗口。")
        window_id = window.id
    if db.session.get(Window, window_id) is None:
        raise HallError("首问窗口不存在。")
    if device is None:
        require_window(user, window_id, at.date(), "hall_first_contacts", action="record")
    staff_id = staff_id or getattr(user, "staff_id", None)
    contact = FirstContact(
        number=next_number(FirstContact, FirstContact.number, f"SW{at:%Y%m%d}"),
        visitor=visitor[:80],
        visitor_phone=(visitor_phone or "")[:40],
        matter=matter[:300],
        contact_at=at,
        contact_on=at.date(),
        first_window_id=window_id,
        first_staff_id=staff_id,
        window_id=window_id,
        status=rules.OPEN,
        source=source,
        ticket=(ticket or "")[:30],
        created_by_id=getattr(user, "id", None),
        item_id=getattr(item, "id", None),
    )
    db.session.add(contact)
    flush()
    record(
        user,
        "create",
        "hall_first_contacts",
        contact.id,
        {
            "number": contact.number,
            "window_id": window_id,
            "source": source,
            "ticket": contact.ticket,
            "device_id": getattr(device, "id", None),
        },
    )
    return contact


def _open(contact: FirstContact) -> None:
    if contact.status in (rules.ANSWERED, rules.CASED):
        raise HallError("该首问事项已办结（已答复或已转为办件）。")


def hand_over(user, contact: FirstContact, to_window_id: int, reason: str, version) -> Handover:
    """转交: the matter belongs to another window; it waits for that window's confirmation.
    The second hand-over of a matter without an answer is flagged as 推诿."""
    require(user, "hall.desk")
    check_version(contact, version)
    _open(contact)
    today = local_now().date()
    require_window(user, contact.window_id, today, "hall_first_contacts", contact.id, "hand_over")
    if contact.status == rules.HANDED:
        raise HallError("该事项正在等待接收窗口确认，不能再次转交。")
    if to_window_id == contact.window_id or db.session.get(Window, to_window_id) is None:
        raise HallError("请选择另一个接收窗口。")
    if not (reason or "").strip():
        raise HallError("请写明转交原因（该事项为何属于接收窗口）。")
    h = Handover(
        contact=contact,
        from_window_id=contact.window_id,
        to_window_id=to_window_id,
        handed_on=today,
        handed_by_id=user.id,
        reason=reason.strip()[:300],
    )
    db.session.add(h)
    contact.handovers += 1
    contact.status = rules.HANDED
    if rules.is_shirking(contact.handovers, contact.status) and contact.shirked_on is None:
        contact.shirked_on = today
        contact.shirk_window_id = contact.window_id
    flush()
    record(
        user,
        "update",
        "hall_first_contacts",
        contact.id,
        {
            "step": "hand_over",
            "from_window_id": h.from_window_id,
            "to_window_id": to_window_id,
            "handovers": contact.handovers,
            "shirk": contact.shirked_on is not None,
            "reason": h.reason,
        },
    )
    return h


def pending_handover(contact: FirstContact) -> Handover | None:
    for h in reversed(contact.transfers):
        if h.confirmed_at is None:
            return h
    return None


def confirm(user, contact: FirstContact, version) -> FirstContact:
    """The receiving window confirms: the matter is now its own (首问 follows it)."""
    require(user, "hall.desk")
    check_version(contact, version)
    h = pending_handover(contact)
    if contact.status != rules.HANDED or h is None:
        raise HallError("该事项没有等待确认的转交。")
    require_window(user, h.to_window_id, local_now().date(), "hall_first_contacts", contact.id, "confirm")
    h.confirmed_at = _now()
    h.confirmed_by_id = user.id
    contact.window_id = h.to_window_id
    contact.status = rules.OPEN
    flush()
    record(user, "update", "hall_first_contacts", contact.id, {"step": "confirm", "window_id": contact.window_id})
    return contact


def answer(user, contact: FirstContact, text: str, version) -> FirstContact:
    """答复: the matter ends with an answer to the visitor (咨询, 不属于本中心的事项 …)."""
    require(user, "hall.desk")
    check_version(contact, version)
    _open(contact)
    if contact.status == rules.HANDED:
        raise HallError("该事项正在等待接收窗口确认。")
    today = local_now().date()
    require_window(user, contact.window_id, today, "hall_first_contacts", contact.id, "answer")
    if not (text or "").strip():
        raise HallError("请填写答复内容。")
    contact.answer, contact.answered_on, contact.status = text.strip(), today, rules.ANSWERED
    flush()
    record(user, "update", "hall_first_contacts", contact.id, {"step": "answer", "answer": contact.answer})
    return contact


def to_case(user, contact: FirstContact, item, version, applicant_phone: str = "", device=None):
    """收件: the matter becomes a case of the owning window (the 首问 record links to it).
    A queue device (排队叫号) does it for a ticket of its own window, without a user."""
    if device is None:
        require(user, "hall.desk")
        check_version(contact, version)
    elif contact.window_id != device.window_id:
        raise HallError("设备只能为其所在窗口的首问事项收件。")
    _open(contact)
    if contact.status == rules.HANDED:
        raise HallError("该事项正在等待接收窗口确认，确认后才能收件。")
    if item is None:
        raise HallError("请选择办理事项。")
    case = records_call(
        case_services.register_case,
        user,
        item,
        _now(),
        contact.visitor,
        window_id=contact.window_id,
        handler_staff_id=getattr(user, "staff_id", None),
        applicant_phone=applicant_phone or contact.visitor_phone,
        note=f"由首问登记 {contact.number} 转入：{contact.matter}",
        device=device,
    )
    contact.case_id, contact.status = case.id, rules.CASED
    flush()
    details = {"step": "to_case", "case_id": case.id, "case": case.number}
    if device is not None:
        details["device_id"] = device.id
    record(user, "update", "hall_first_contacts", contact.id, details)
    return case


def ticket(device, ticket_number: str, visitor: str, matter: str, visitor_phone: str = "", item=None, as_case=False):
    """排队叫号: a ticket drawn at the queue system becomes a 首问 record of the device's window or,
    when the visitor drew it for a service item to be received (as_case), also that item's case
    (收件 at the device's window; the 首问 record links to it, as after two clicks at the desk)."""
    if as_case and item is None:
        raise HallError("取号登记为办件时须指明办理事项（item_code）。")
    contact = record_contact(
        None, visitor, matter, visitor_phone=visitor_phone, ticket=ticket_number, device=device, item=item
    )
    case = to_case(None, contact, item, None, device=device) if as_case else None
    return contact, case
