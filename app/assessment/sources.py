"""What the assessment reads from the records domain, behind one small adapter.

The records team publishes app/records/queries.py; where a function we need is there we call
it, otherwise we fall back to a direct query on the records models (same meaning, documented
below). Everything returns plain data, so services and tests do not depend on the shapes of
another domain's rows.
"""
from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..extensions import db


@dataclass(frozen=True)
class WindowInfo:
    id: int
    name: str
    department: str = ""
    number: str = ""


@dataclass(frozen=True)
class StaffInfo:
    id: int
    name: str
    window_id: int
    is_chief_rep: bool = False


@dataclass
class Proposal:
    """A suggested entry: `source` names the scheme item (Item.source) it feeds."""

    source: str
    count: float
    staff_id: int | None = None
    staff_name: str = ""
    note: str = ""
    occurred_on: date | None = None


@dataclass
class MonthFigures:
    proposals: list[Proposal] = field(default_factory=list)
    valid_complaints: int = 0
    red_cases: int = 0
    unresolved_bad_ratings: int = 0
    case_volume: int = 0

    def facts(self) -> dict:
        return {"valid_complaints": self.valid_complaints, "red_cases": self.red_cases,
                "unresolved_bad_ratings": self.unresolved_bad_ratings, "case_volume": self.case_volume}


def _queries():
    try:
        from ..records import queries
    except ImportError:
        return None
    return queries


def _bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _models():
    from ..records import models as m

    return m


# ---------------------------------------------------------------------- windows and staff
def active_windows(on: date) -> list[WindowInfo]:
    """Windows open on `on` (not void, opened on or before, not closed before)."""
    m = _models()
    W = m.Window
    rows = db.session.execute(
        db.select(W.id, W.name, W.number, m.Department.name)
        .join(m.Department, m.Department.id == W.department_id)
        .where(W.voided_at.is_(None))
        .where(db.or_(W.opened_on.is_(None), W.opened_on <= on))
        .where(db.or_(W.closed_on.is_(None), W.closed_on >= on))
        .order_by(W.number)
    ).all()
    return [WindowInfo(r[0], f"{r[2]}号 {r[1]}", r[3], r[2]) for r in rows]


def window_info(window_id: int) -> WindowInfo | None:
    m = _models()
    w = db.session.get(m.Window, window_id)
    if w is None:
        return None
    return WindowInfo(w.id, w.label, w.department.name if w.department else "", w.number)


def window_staff(window_id: int, year: int, on: date | None = None) -> list[StaffInfo]:
    """The window's roster for the year (lead first); with `on`, only lines running that day."""
    m = _models()
    R = m.RosterEntry
    q = (db.select(m.Staff.id, m.Staff.name, m.Staff.is_chief_rep, R.window_id)
         .join(m.Staff, m.Staff.id == R.staff_id)
         .where(R.window_id == window_id, R.year == year, R.voided_at.is_(None), m.Staff.voided_at.is_(None))
         .order_by(R.position, R.id))
    if on is not None:
        q = q.where(db.or_(R.started_on.is_(None), R.started_on <= on)).where(db.or_(R.ended_on.is_(None), R.ended_on >= on))
    seen, out = set(), []
    for sid, name, chief, wid in db.session.execute(q).all():
        if sid not in seen:
            seen.add(sid)
            out.append(StaffInfo(sid, name, wid, bool(chief)))
    return out


def staff_on_duty(on: date) -> list[StaffInfo]:
    out: list[StaffInfo] = []
    for w in active_windows(on):
        out.extend(window_staff(w.id, on.year, on))
    return out


# ---------------------------------------------------------------------- a window's month
def month_figures(window_id: int, year: int, month: int, rectify_overdue_as_of: date | None = None) -> MonthFigures:
    """Proposals and the red-flag facts of one window's month, from the records."""
    m = _models()
    start, end = _bounds(year, month)
    fig = MonthFigures()
    names = dict(db.session.execute(db.select(m.Staff.id, m.Staff.name)).all())

    # 考勤: late / early per person-time; 旷工 per half-day; leave beyond 2 days per day.
    A = m.Attendance
    rows = db.session.execute(
        db.select(A.staff_id, A.status, A.slot, A.day).where(
            A.window_id == window_id, A.day >= start, A.day <= end, A.voided_at.is_(None))
    ).all()
    late, absent, leave = defaultdict(int), defaultdict(float), defaultdict(float)
    for sid, status, slot, _day in rows:
        halves = 2 if slot == "day" else 1
        if status in ("late", "early"):
            late[sid] += 1
        elif status == "absent":
            absent[sid] += halves
        elif status in ("personal_leave", "sick_leave"):
            leave[sid] += halves / 2
    for sid, n in late.items():
        fig.proposals.append(Proposal("late_early", n, sid, names.get(sid, ""), f"考勤记录迟到、早退 {n} 次"))
    for sid, n in absent.items():
        fig.proposals.append(Proposal("absent_half_days", n, sid, names.get(sid, ""), f"考勤记录旷工 {n:g} 个半天"))
    for sid, days in leave.items():
        if days > 2:
            fig.proposals.append(Proposal("leave_days_over", days - 2, sid, names.get(sid, ""), f"当月请假 {days:g} 天，超过 2 天"))

    # 效能投诉: each valid complaint received this month.
    C = m.Complaint
    for number, sid, received in db.session.execute(
        db.select(C.number, C.staff_id, C.received_on).where(
            C.window_id == window_id, C.valid.is_(True), C.received_on >= start, C.received_on <= end, C.voided_at.is_(None))
    ).all():
        fig.valid_complaints += 1
        fig.proposals.append(Proposal("valid_complaints", 1, sid, names.get(sid, ""), f"有效投诉 {number}", received))

    # 办件: overdue completions, yellow and red lights this month; volume = cases received.
    lights = _case_lights(window_id, year, month)
    for key in ("overdue", "yellow", "red"):
        if lights.get(key):
            fig.proposals.append(Proposal(key, lights[key], note=f"电子监察记录 {lights[key]} 件"))
    fig.red_cases = int(lights.get("red", 0))
    fig.case_volume = int(lights.get("volume", 0))

    # 好差评: upheld bad ratings of the month; rectifications overdue; unresolved at month end.
    Rt = m.Rating
    as_of = rectify_overdue_as_of or end
    for rid, sid, rated, rectified, due in db.session.execute(
        db.select(Rt.id, Rt.staff_id, Rt.rated_on, Rt.rectified_on, Rt.rectify_due_on).where(
            Rt.window_id == window_id, Rt.upheld.is_(True), Rt.grade <= 2, Rt.voided_at.is_(None), Rt.rated_on <= end)
    ).all():
        if rated >= start:
            fig.proposals.append(Proposal("bad_ratings", 1, sid, names.get(sid, ""), f"差评（编号 {rid}）经核实成立", rated))
        if rectified is None or rectified > end:
            fig.unresolved_bad_ratings += 1
        if due is not None and start <= due <= end and (rectified is None or rectified > due) and due < as_of:
            fig.proposals.append(Proposal("rectification_overdue", 1, sid, names.get(sid, ""), f"差评（编号 {rid}）逾期未整改", due))

    # 表扬: letters, banners, media praise at city level or above.
    K = m.Commendation
    for kind, level, sid, received, source in db.session.execute(
        db.select(K.kind, K.media_level, K.staff_id, K.received_on, K.source).where(
            K.window_id == window_id, K.received_on >= start, K.received_on <= end, K.voided_at.is_(None))
    ).all():
        if kind == "media" and level not in ("city", "province", "national"):
            continue
        if kind in ("letter", "banner", "media"):
            fig.proposals.append(Proposal(kind, 1, sid, names.get(sid, ""), f"{source}".strip() or "表扬记录", received))
    return fig


def _case_lights(window_id: int, year: int, month: int) -> dict:
    q = _queries()
    if q is not None and hasattr(q, "case_light_counts"):
        counts = dict(q.case_light_counts(window_id, year, month))
        if "volume" not in counts and hasattr(q, "window_case_volume"):
            counts["volume"] = q.window_case_volume(window_id, year, month)
        return counts
    # Fallback: completed after the due date this month = overdue; a red light = a case whose
    # due date passed this month while still open or completed late; a yellow light = a case
    # whose yellow date fell this month.
    m = _models()
    Cs = m.Case
    start, end = _bounds(year, month)
    base = db.select(db.func.count(Cs.id)).where(Cs.window_id == window_id, Cs.voided_at.is_(None))
    overdue = db.session.scalar(base.where(Cs.completed_on >= start, Cs.completed_on <= end, Cs.completed_on > Cs.due_on))
    red = db.session.scalar(base.where(Cs.due_on >= start, Cs.due_on < end).where(
        db.or_(Cs.is_open.is_(True), Cs.completed_on > Cs.due_on)))
    yellow = db.session.scalar(base.where(Cs.yellow_on >= start, Cs.yellow_on <= end))
    volume = db.session.scalar(base.where(Cs.received_on >= start, Cs.received_on <= end))
    return {"overdue": overdue or 0, "yellow": yellow or 0, "red": red or 0, "volume": volume or 0}


# ---------------------------------------------------------------------- a person's period
@dataclass
class StaffPeriod:
    late: int = 0
    absences: int = 0
    valid_complaints: int = 0
    late_year: int = 0
    ratings: list[int] = field(default_factory=list)


def staff_period(staff_id: int, start: date, end: date) -> StaffPeriod:
    """Attendance, complaints and ratings of one person in [start, end] (and late marks in the year)."""
    m = _models()
    A = m.Attendance
    out = StaffPeriod()
    for status, day in db.session.execute(
        db.select(A.status, A.day).where(A.staff_id == staff_id, A.day >= date(start.year, 1, 1), A.day <= end,
                                         A.voided_at.is_(None))
    ).all():
        if status in ("late", "early"):
            out.late_year += 1
            if day >= start:
                out.late += 1
        elif status == "absent" and day >= start:
            out.absences += 1
    C = m.Complaint
    out.valid_complaints = db.session.scalar(db.select(db.func.count(C.id)).where(
        C.staff_id == staff_id, C.valid.is_(True), C.received_on >= start, C.received_on <= end, C.voided_at.is_(None))) or 0
    Rt = m.Rating
    out.ratings = list(db.session.scalars(db.select(Rt.grade).where(
        Rt.staff_id == staff_id, Rt.rated_on >= start, Rt.rated_on <= end, Rt.voided_at.is_(None))))
    return out
