"""好差评 closed loop (GB/T 39734-2020, GB/T 39735-2020) on the records room's Rating.

One rating per case (一次一评), linked to the case's number, window and handler. A 差评 is
classified and verified: upheld (rectify within the deadline, call back, record the rater's
answer) or excluded with a reason (误评 / 恶意差评 / 与服务无关, audited). The window may ask
for 申诉复核 of an upheld 差评; the reviewer upholds the appeal (the rating is excluded) or not."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ...audit.services import record
from ...extensions import db
from ...kernel import check_version, flush, require
from ...records.models import RATING_CHANNELS, Case, Rating
from ..logic import ratings as rules
from .common import HallError, setting


def _grade(value, label: str, required: bool = True) -> int | None:
    if value in (None, "") and not required:
        return None
    try:
        g = int(value)
    except (TypeError, ValueError):
        raise HallError(f"{label}应为 1 至 5 的整数。") from None
    if g not in rules.GRADES:
        raise HallError(f"{label}应为 1 至 5 的整数。")
    return g


def rating_of_case(case_id: int) -> Rating | None:
    return db.session.scalar(select(Rating).where(Rating.case_id == case_id, Rating.voided_at.is_(None)).limit(1))


def rate_case(
    actor,
    case: Case,
    grade,
    on: date,
    channel: str = "on_site",
    comment: str = "",
    efficiency=None,
    competence=None,
    attitude=None,
    device=None,
) -> Rating:
    """一次一评: the rating of a case, by the applicant at a device, online or entered by staff.
    `actor` is the user entering it, or None when a device posts it (the device is audited)."""
    if device is None:
        require(actor, "hall.desk")
    g = _grade(grade, "评价等级")
    subs = [
        _grade(v, label, required=False)
        for v, label in ((efficiency, "服务效率"), (competence, "服务水平"), (attitude, "服务态度"))
    ]
    if channel not in RATING_CHANNELS:
        raise HallError("评价渠道无效。")
    if case.is_void:
        raise HallError("该办件已作废，不能评价。")
    if device is not None and case.window_id != device.window_id:
        raise HallError(f"办件 {case.number} 不属于本评价器所在窗口。")
    if rating_of_case(case.id) is not None:
        raise HallError(f"办件 {case.number} 已评价过（一次一评）。")
    if on < case.received_on:
        raise HallError("评价日期不能早于收件日期。")
    r = Rating(
        rated_on=on,
        grade=g,
        channel=channel,
        window_id=case.window_id,
        staff_id=case.handler_staff_id,
        case_id=case.id,
        comment=(comment or "").strip()[:2000],
        efficiency=subs[0],
        competence=subs[1],
        attitude=subs[2],
        device_id=getattr(device, "id", None),
    )
    db.session.add(r)
    flush()
    record(
        actor,
        "create",
        "rec_ratings",
        r.id,
        {"case": case.number, "grade": g, "channel": channel, "device_id": getattr(device, "id", None)},
    )
    return r


def _bad(r: Rating) -> None:
    if not rules.is_bad(r.grade):
        raise HallError("只有差评（不满意、非常不满意）进入核实整改。")
    if r.is_void:
        raise HallError("该评价已作废。")


def verify(
    user, r: Rating, category: str, upheld: bool, on: date, version, note: str = "", exclusion_kind: str | None = None
) -> Rating:
    """核实: classify the 差评, then uphold it (rectification due in N working days) or exclude
    it as mistaken / malicious / unrelated, with a reason."""
    require(user, "hall.manage")
    check_version(r, version)
    _bad(r)
    if r.upheld is not None or r.excluded_kind:
        raise HallError("该差评已核实。")
    if category not in rules.CATEGORIES:
        raise HallError("请选择差评类别。")
    note = (note or "").strip()
    r.category, r.verified_on, r.verify_note = category, on, note
    if upheld:
        r.upheld = True
        r.rectify_due_on = rules.rectify_due(on, setting("HALL_RECTIFY_WORKDAYS", rules.RECTIFY_WITHIN))
    else:
        if exclusion_kind not in rules.EXCLUSION_REASONS or not note:
            raise HallError("剔除差评须选择剔除类型（误评、恶意差评或与服务无关）并写明理由。")
        r.upheld, r.excluded_kind, r.excluded_reason, r.excluded_on = False, exclusion_kind, note, on
    flush()
    record(
        user,
        "update",
        "rec_ratings",
        r.id,
        {"step": "verify", "category": category, "upheld": upheld, "excluded_kind": exclusion_kind, "reason": note},
    )
    return r


def rectify(user, r: Rating, on: date, note: str, version) -> Rating:
    require(user, "hall.manage")
    check_version(r, version)
    if r.upheld is not True:
        raise HallError("只有核实成立的差评需要整改。")
    if r.rectified_on:
        raise HallError("整改情况已登记。")
    if not (note or "").strip():
        raise HallError("请填写整改措施。")
    r.rectified_on, r.rectify_note = on, note.strip()
    flush()
    record(
        user,
        "update",
        "rec_ratings",
        r.id,
        {"step": "rectify", "on": on.isoformat(), "late": bool(r.rectify_due_on and on > r.rectify_due_on)},
    )
    return r


def revisit(user, r: Rating, on: date, note: str, answer: str, version) -> Rating:
    """回访: every 差评 is called back; the rater's answer is recorded."""
    require(user, "hall.manage")
    check_version(r, version)
    _bad(r)
    if answer not in ("satisfied", "basic", "not_satisfied", "unreachable"):
        raise HallError("请选择评价人对整改的答复。")
    if not (note or "").strip():
        raise HallError("请填写回访记录。")
    r.revisited_on, r.revisit_note, r.revisit_answer = on, note.strip(), answer
    flush()
    record(user, "update", "rec_ratings", r.id, {"step": "revisit", "on": on.isoformat(), "answer": answer})
    return r


def appeal(user, r: Rating, reason: str, on: date, version) -> Rating:
    """申诉复核: the window disputes an upheld 差评."""
    require(user, "hall.desk")
    check_version(r, version)
    if r.upheld is not True:
        raise HallError("只能对核实成立的差评申请复核。")
    if r.appeal_on:
        raise HallError("该差评已申请过复核。")
    if not (reason or "").strip():
        raise HallError("请写明申诉理由。")
    r.appeal_reason, r.appeal_on = reason.strip(), on
    flush()
    record(user, "update", "rec_ratings", r.id, {"step": "appeal", "reason": r.appeal_reason})
    return r


def decide_appeal(user, r: Rating, granted: bool, note: str, on: date, version) -> Rating:
    require(user, "hall.manage")
    check_version(r, version)
    if not r.appeal_on or r.appeal_result:
        raise HallError("该差评没有待复核的申诉。")
    if not (note or "").strip():
        raise HallError("请写明复核意见。")
    r.appeal_result, r.appeal_note = ("upheld" if granted else "rejected"), note.strip()
    if granted:
        r.upheld, r.excluded_kind, r.excluded_reason, r.excluded_on = (
            False,
            "mistaken",
            f"申诉复核成立：{note.strip()}",
            on,
        )
        r.rectify_due_on = None
    flush()
    record(user, "update", "rec_ratings", r.id, {"step": "appeal_decision", "granted": granted, "note": note})
    return r


def indicators_xlsx(year: int, month: int, rows: list[dict]):
    """The month's indicator values per window as an .xlsx for publication (公开)."""
    import io

    from openpyxl import Workbook

    from ...core.spreadsheet import safe_row

    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年{month}月"
    ws.append([f"{year}年{month}月 各窗口好差评指标（GB/T 39735）"])
    ws.append(
        ["窗口", "评价数", "整体满意度", "服务效率", "服务水平", "服务态度", "满意率(%)", "差评", "差评整改率(%)"]
    )
    for r in rows:
        i = r["ind"]
        ws.append(
            safe_row(
                [
                    r["window"].label if r["window"] else "—",
                    i.count,
                    i.overall,
                    i.efficiency,
                    i.competence,
                    i.attitude,
                    i.satisfied_rate,
                    i.bad,
                    r["rectify_rate"],
                ]
            )
        )
    ws.append(["说明：指标 = 平均等级 ÷ 5 × 100；满意率为“基本满意”及以上所占比例；核实剔除的误评、恶意差评不计入。"])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out
