"""补正 with the 一次性告知: a checklist of the item's materials in force on the day; the
missing ones go into a numbered 一次性告知书, the case clock stops (records case step 补正告知).
A later notice that asks for a material not on the first notice is flagged as a breach."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ...audit.services import record
from ...centers.queries import current_center_name
from ...extensions import db
from ...kernel import flush, require
from ...records.models import Case
from ...records.services import cases as case_services
from ..logic import materials as rules
from ..models import SupplementNotice
from .common import HallError, records_call, setting
from .materials import as_materials, list_on


def checklist(case: Case, on: date) -> list[rules.Material]:
    return as_materials(list_on(case.item_id, on)) if case.item_id else []


def notices_of(case_id: int) -> list[SupplementNotice]:
    return db.session.scalars(
        select(SupplementNotice).where(SupplementNotice.case_id == case_id).order_by(SupplementNotice.id)
    ).all()


def issue(user, case: Case, present_keys: set[str], on: date, version, note: str = "") -> SupplementNotice:
    """补正告知: everything unticked is listed at once; the clock stands still from `on`."""
    require(user, "hall.desk")
    ml = list_on(case.item_id, on) if case.item_id else None
    required = as_materials(ml)
    if not required:
        raise HallError("该事项尚无申请材料目录，请先由管理员维护材料目录。")
    missing = rules.missing(required, set(present_keys))
    if not missing:
        raise HallError("清单上的材料均已勾选为齐全，无需补正；请直接受理。")
    records_call(
        case_services.step,
        user,
        case,
        "supplement",
        on,
        expected_version=version,
        note="一次性告知：" + "、".join(m.name for m in missing),
    )
    earlier = notices_of(case.id)
    breach = rules.breaches(earlier[0].missing_keys if earlier else [], [m.key for m in missing]) if earlier else []
    seq = (db.session.scalar(select(func.max(SupplementNotice.seq)).where(SupplementNotice.year == on.year)) or 0) + 1
    notice = SupplementNotice(
        number=rules.notice_number(on.year, seq, current_prefix()),
        year=on.year,
        seq=seq,
        case_id=case.id,
        window_id=case.window_id,
        material_list_id=ml.id,
        issued_on=on,
        deadline_on=rules.deadline(on, setting("HALL_SUPPLEMENT_WORKDAYS", rules.SUPPLEMENT_WITHIN)),
        missing=[m.__dict__ for m in missing],
        breach_keys=breach,
        note=(note or "")[:1000],
        issued_by_id=user.id,
    )
    db.session.add(notice)
    flush()
    record(
        user,
        "create",
        "hall_supplement_notices",
        notice.id,
        {
            "number": notice.number,
            "case": case.number,
            "missing": [m.name for m in missing],
            "deadline_on": notice.deadline_on.isoformat(),
            "breach": breach,
        },
    )
    return notice


def current_prefix() -> str:
    from flask import current_app

    return current_app.config.get("HALL_NOTICE_PREFIX", "示范服告知")


def breaches_in(first: date, last: date, window_id: int | None = None) -> list[SupplementNotice]:
    q = select(SupplementNotice).where(SupplementNotice.issued_on.between(first, last))
    if window_id:
        q = q.where(SupplementNotice.window_id == window_id)
    return [n for n in db.session.scalars(q.order_by(SupplementNotice.id)).all() if n.breach_keys]


def notice_docx(notice: SupplementNotice):
    """The 一次性告知书 as .docx bytes (GB/T 9704 layout), rebuilt from the stored notice."""

    from ..logic.notices import supplement_notice

    case = notice.case
    return supplement_notice(
        current_center_name(),
        notice.number,
        case.applicant,
        case.item.name if case.item else "",
        case.number,
        notice.window.label if notice.window else "",
        notice.missing or [],
        notice.issued_on,
        notice.deadline_on,
        notice.note,
    )
