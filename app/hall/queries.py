"""Read-only questions the hall's pages, the home page and the monthly scoring ask."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select, true
from sqlalchemy.orm import joinedload, selectinload

from ..auth.models import User
from ..core.workdays import add_workdays
from ..extensions import db
from ..records.models import Case, Complaint, Rating, ServiceItem, Staff, Window
from ..records.queries import active_windows, month_bounds
from .logic import complaints as complaint_rules
from .logic import first_contact as fc_rules
from .logic import joint as joint_rules
from .logic import outbox as outbox_rules
from .logic import ratings as rating_rules
from .models import (
    Accountability,
    ComplaintStep,
    FirstContact,
    Handover,
    JointStage,
    MaterialList,
    NoticeMessage,
    QuarterReview,
    Supervisor,
    SupervisorVisit,
    SupplementNotice,
)


def get_or_404(model, object_id: int):
    return db.get_or_404(model, object_id)


def windows(on: date) -> list[Window]:
    return active_windows(on)


def window_map() -> dict[int, Window]:
    return {w.id: w for w in db.session.scalars(select(Window))}


def items() -> list[ServiceItem]:
    return db.session.scalars(
        select(ServiceItem).where(ServiceItem.voided_at.is_(None)).order_by(ServiceItem.code)
    ).all()


def users() -> list[User]:
    return db.session.scalars(select(User).where(User.active == true()).order_by(User.display_name)).all()


def staff() -> list[Staff]:
    return db.session.scalars(select(Staff).where(Staff.voided_at.is_(None)).order_by(Staff.name)).all()


# ------------------------------------------------------------------------------------- 首问


def contacts(status: str | None = None, window_id: int | None = None, shirked: bool = False, limit: int = 200):
    q = select(FirstContact).options(
        selectinload(FirstContact.window),
        selectinload(FirstContact.first_window),
        selectinload(FirstContact.transfers),  # who may see the visitor: the owner and a receiving window
    )
    if status:
        q = q.where(FirstContact.status == status)
    if window_id:
        q = q.where(FirstContact.window_id == window_id)
    if shirked:
        q = q.where(FirstContact.shirked_on.is_not(None))
    return db.session.scalars(q.order_by(FirstContact.id.desc()).limit(limit)).all()


def waiting_handovers(today: date, window_id: int | None = None) -> list[tuple[Handover, bool]]:
    """Unconfirmed hand-overs (to `window_id` when given), with whether confirmation is overdue."""
    q = (
        select(Handover)
        .join(FirstContact, FirstContact.id == Handover.contact_id)
        .where(Handover.confirmed_at.is_(None), FirstContact.status == fc_rules.HANDED)
    )
    if window_id:
        q = q.where(Handover.to_window_id == window_id)
    rows = db.session.scalars(
        q.options(selectinload(Handover.contact), selectinload(Handover.to_window)).order_by(Handover.handed_on)
    ).all()
    return [(h, fc_rules.unconfirmed_overdue(h.handed_on, today)) for h in rows]


def shirks_in(first: date, last: date, window_id: int | None = None) -> list[FirstContact]:
    q = select(FirstContact).where(FirstContact.shirked_on.between(first, last))
    if window_id:
        q = q.where(FirstContact.shirk_window_id == window_id)
    return db.session.scalars(q.order_by(FirstContact.id)).all()


def unconfirmed_in(first: date, last: date, window_id: int, today: date) -> list[Handover]:
    """Hand-overs to the window in the month whose confirmation came (or is still missing) late."""
    rows = db.session.scalars(
        select(Handover).where(Handover.to_window_id == window_id, Handover.handed_on.between(first, last))
    ).all()
    out = []
    for h in rows:
        due = fc_rules.confirm_due(h.handed_on)
        done = h.confirmed_at.date() if h.confirmed_at else None
        if (done and done > due) or (done is None and today > due and h.contact.status == fc_rules.HANDED):
            out.append(h)
    return out


# -------------------------------------------------------------------------------- 一次性告知


def material_lists(item_id: int) -> list[MaterialList]:
    return db.session.scalars(
        select(MaterialList)
        .where(MaterialList.item_id == item_id)
        .options(selectinload(MaterialList.entries))
        .order_by(MaterialList.valid_from.desc())
    ).all()


def list_counts() -> dict[int, int]:
    return dict(db.session.execute(select(MaterialList.item_id, func.count()).group_by(MaterialList.item_id)).all())


def notices(limit: int = 200) -> list[SupplementNotice]:
    return db.session.scalars(
        select(SupplementNotice)
        .options(selectinload(SupplementNotice.case))
        .order_by(SupplementNotice.id.desc())
        .limit(limit)
    ).all()


def contact_of_case(case_id: int) -> FirstContact | None:
    return db.session.scalar(select(FirstContact).where(FirstContact.case_id == case_id).limit(1))


# ------------------------------------------------------------------------------- 联办件 lights


def stage_lights(today: date, window_id: int | None = None, light: str | None = None, limit: int = 200):
    """Open stages with a yellow or red light: (counts by window, rows). One indexed query each
    over the partial index of open stages (due_on, window_id, yellow_on)."""
    lit = (JointStage.is_open == true(), JointStage.yellow_on <= today)
    counts = db.session.execute(
        select(JointStage.window_id, func.sum(db.case((JointStage.due_on < today, 1), else_=0)), func.count())
        .where(*lit)
        .group_by(JointStage.window_id)
    ).all()
    q = select(JointStage).where(*lit)
    if window_id:
        q = q.where(JointStage.window_id == window_id)
    if light == "red":
        q = q.where(JointStage.due_on < today)
    elif light == "yellow":
        q = q.where(JointStage.due_on >= today)
    rows = db.session.scalars(
        q.options(selectinload(JointStage.case), selectinload(JointStage.window))
        .order_by(JointStage.due_on, JointStage.id)
        .limit(limit)
    ).all()
    return [(w, red or 0, n - (red or 0)) for w, red, n in counts], rows


def joint_cases(limit: int = 100) -> list[Case]:
    """The latest joint cases (one lead stage each: read from the stages' case index)."""
    ids = db.session.scalars(
        select(JointStage.case_id)
        .where(JointStage.role == joint_rules.LEAD)
        .order_by(JointStage.case_id.desc())
        .limit(limit)
    ).all()
    return db.session.scalars(select(Case).where(Case.id.in_(ids)).order_by(Case.id.desc())).all() if ids else []


def charged_stages(first: date, last: date, window_id: int | None = None) -> list[JointStage]:
    """Co-window stages answered late or deemed in the month (the window is charged)."""
    q = select(JointStage).where(JointStage.charged == true(), JointStage.answered_on.between(first, last))
    if window_id:
        q = q.where(JointStage.window_id == window_id)
    return db.session.scalars(
        q.options(selectinload(JointStage.case), selectinload(JointStage.window)).order_by(JointStage.id)
    ).all()


# ---------------------------------------------------------------------------------- 效能投诉


def complaints(limit: int = 300) -> list[Complaint]:
    return db.session.scalars(
        select(Complaint)
        .where(Complaint.voided_at.is_(None))
        .options(selectinload(Complaint.window))
        .order_by(Complaint.id.desc())
        .limit(limit)
    ).all()


def steps_by_complaint(ids: list[int]) -> dict[int, dict[str, date]]:
    out: dict[int, dict[str, date]] = defaultdict(dict)
    if ids:
        for cid, step, done in db.session.execute(
            select(ComplaintStep.complaint_id, ComplaintStep.step, ComplaintStep.done_on).where(
                ComplaintStep.complaint_id.in_(ids)
            )
        ):
            out[cid][step] = done
    return out


def open_complaint_reminders(today: date, limits: dict) -> list[tuple[Complaint, complaint_rules.StepView]]:
    """Complaints whose open step is yellow or red today (for the home page)."""
    rows = db.session.scalars(
        select(Complaint).where(Complaint.voided_at.is_(None), Complaint.received_on >= add_workdays(today, -120))
    ).all()
    done = steps_by_complaint([c.id for c in rows])
    out = []
    for c in rows:
        if complaint_rules.ARCHIVE in done.get(c.id, {}):
            continue
        r = complaint_rules.reminder(c.received_on, done.get(c.id, {}), today, limits)
        if r is not None:
            out.append((c, r))
    return out


def accountability_in(first: date, last: date, window_id: int | None = None) -> list[Accountability]:
    q = select(Accountability).where(Accountability.decided_on.between(first, last))
    if window_id:
        q = q.where(Accountability.window_id == window_id)
    return db.session.scalars(q.order_by(Accountability.id)).all()


def complaint_month_table(year: int, month: int, today: date, limits: dict) -> list[dict]:
    """投诉处置情况表: per window, complaints received, valid, on-time feedback, decisions."""
    first, last = month_bounds(year, month)
    rows = db.session.scalars(
        select(Complaint).where(Complaint.voided_at.is_(None), Complaint.received_on.between(first, last))
    ).all()
    done = steps_by_complaint([c.id for c in rows])
    decisions = accountability_in(first, last)
    table: dict = {}
    for c in rows:
        t = table.setdefault(
            c.window_id,
            {
                "received": 0,
                "valid": 0,
                "partly": 0,
                "not_valid": 0,
                "pending": 0,
                "archived": 0,
                "late": 0,
                "decisions": 0,
            },
        )
        t["received"] += 1
        if c.finding == complaint_rules.UPHELD:
            t["valid"] += 1
        elif c.finding == complaint_rules.PARTLY:
            t["partly"] += 1
        elif c.finding == complaint_rules.NOT_UPHELD:
            t["not_valid"] += 1
        else:
            t["pending"] += 1
        steps = done.get(c.id, {})
        if complaint_rules.ARCHIVE in steps:
            t["archived"] += 1
        if any(
            v.late
            for v in complaint_rules.plan(c.received_on, steps, today, limits)
            if v.step != complaint_rules.ARCHIVE
        ):
            t["late"] += 1
    for a in decisions:
        table.setdefault(
            a.window_id,
            {
                "received": 0,
                "valid": 0,
                "partly": 0,
                "not_valid": 0,
                "pending": 0,
                "archived": 0,
                "late": 0,
                "decisions": 0,
            },
        )["decisions"] += 1
    wm = window_map()
    return sorted(
        ({"window": wm.get(w), **v} for w, v in table.items()),
        key=lambda r: (r["window"] is None, r["window"].number if r["window"] else ""),
    )


# ------------------------------------------------------------------------------------ 好差评


def bad_ratings(state: str | None = None, limit: int = 300) -> list[Rating]:
    q = select(Rating).where(Rating.voided_at.is_(None), Rating.grade <= rating_rules.BAD_AT_MOST)
    if state == "unverified":
        q = q.where(Rating.upheld.is_(None), Rating.excluded_kind.is_(None))
    elif state == "rectifying":
        q = q.where(Rating.upheld == true(), Rating.rectified_on.is_(None))
    elif state == "revisit":
        q = q.where(
            Rating.revisited_on.is_(None), (Rating.rectified_on.is_not(None)) | (Rating.excluded_kind.is_not(None))
        )
    elif state == "appeal":
        q = q.where(Rating.appeal_on.is_not(None), Rating.appeal_result.is_(None))
    return db.session.scalars(
        q.options(selectinload(Rating.window)).order_by(Rating.rated_on.desc(), Rating.id.desc()).limit(limit)
    ).all()


def indicator_table(year: int, month: int, today: date) -> list[dict]:
    """Indicator values per window for the month (GB/T 39735): excluded ratings do not count."""
    first, last = month_bounds(year, month)
    rows = db.session.execute(
        select(Rating.window_id, Rating.grade, Rating.efficiency, Rating.competence, Rating.attitude).where(
            Rating.voided_at.is_(None), Rating.excluded_kind.is_(None), Rating.rated_on.between(first, last)
        )
    ).all()
    by_window: dict = defaultdict(list)
    for w, *values in rows:
        by_window[w].append(tuple(values))
    upheld = db.session.execute(
        select(Rating.window_id, Rating.rectify_due_on, Rating.rectified_on).where(
            Rating.voided_at.is_(None),
            Rating.upheld == true(),
            Rating.rated_on.between(first, last),
            Rating.rectify_due_on.is_not(None),
        )
    ).all()
    rect: dict = defaultdict(list)
    for w, due, done in upheld:
        rect[w].append((due, done))
    wm = window_map()
    out = []
    for w in sorted(set(by_window) | set(rect), key=lambda i: (wm[i].number if i in wm else "")):
        ind = rating_rules.indicators(by_window.get(w, []))
        out.append(
            {"window": wm.get(w), "ind": ind, "rectify_rate": rating_rules.rectification_rate(rect.get(w, []), today)}
        )
    return out


def rectification_rate(window_id: int, year: int, month: int, today: date) -> float | None:
    first, last = month_bounds(year, month)
    rows = db.session.execute(
        select(Rating.rectify_due_on, Rating.rectified_on).where(
            Rating.voided_at.is_(None),
            Rating.upheld == true(),
            Rating.window_id == window_id,
            Rating.rated_on.between(first, last),
            Rating.rectify_due_on.is_not(None),
        )
    ).all()
    return rating_rules.rectification_rate([tuple(r) for r in rows], today)


def unrevisited_bad(today: date) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Rating)
            .where(
                Rating.voided_at.is_(None),
                Rating.grade <= rating_rules.BAD_AT_MOST,
                Rating.excluded_kind.is_(None),
                Rating.revisited_on.is_(None),
            )
        )
        or 0
    )


def overdue_rectifications(today: date) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Rating)
            .where(
                Rating.voided_at.is_(None),
                Rating.upheld == true(),
                Rating.rectified_on.is_(None),
                Rating.rectify_due_on < today,
            )
        )
        or 0
    )


def joint_label(role: str) -> str:
    return "牵头" if role == joint_rules.LEAD else "协办"


# ------------------------------------------------------------------------------ 季评, 监督员


def supervisors() -> list[Supervisor]:
    return db.session.scalars(select(Supervisor).order_by(Supervisor.ended_on.is_not(None), Supervisor.id)).all()


def visits(limit: int = 100) -> list[SupervisorVisit]:
    return db.session.scalars(
        select(SupervisorVisit)
        .options(selectinload(SupervisorVisit.supervisor), selectinload(SupervisorVisit.window))
        .order_by(SupervisorVisit.visited_on.desc(), SupervisorVisit.id.desc())
        .limit(limit)
    ).all()


def quarter_reviews() -> list[QuarterReview]:
    return db.session.scalars(
        select(QuarterReview).order_by(QuarterReview.year.desc(), QuarterReview.quarter.desc())
    ).all()


def case_by_number(number: str) -> Case | None:
    return db.session.scalar(
        select(Case).where(Case.number == number, Case.voided_at.is_(None)).options(joinedload(Case.window))
    )


def item_by_code(code: str) -> ServiceItem | None:
    return db.session.scalar(select(ServiceItem).where(ServiceItem.code == code, ServiceItem.voided_at.is_(None)))


# ---------------------------------------------------------------------------- 告知书发送


def failed_messages(window_id: int | None = None, limit: int = 20) -> list[NoticeMessage]:
    """Notices given up after their last attempt (of `window_id` when given), newest first."""
    q = select(NoticeMessage).where(NoticeMessage.status == outbox_rules.FAILED)
    if window_id:
        q = q.where(NoticeMessage.window_id == window_id)
    return db.session.scalars(
        q.options(selectinload(NoticeMessage.notice)).order_by(NoticeMessage.id.desc()).limit(limit)
    ).all()
