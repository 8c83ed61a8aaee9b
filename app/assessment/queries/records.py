"""What the assessment reads from the records domain, behind one small adapter.

Complaints, case lights, case volume, bad ratings, rectifications and commendations come from
app/records/queries.py. Attendance is read here (half-day slots are needed for 旷工 per
half-day), as are windows and rosters with their department names and the unresolved bad
ratings at a month's end. Everything returns plain data, so services and tests do not depend
on the shapes of another domain's rows.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ...extensions import db


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
    # The records it comes from: [{"kind": "case" | "complaints" | "ratings" | "attendance" |
    # "commendations", "id": row id, "label": what the row is}], linked on the sheet.
    evidence: list = field(default_factory=list)


def _ev(kind: str, row_id: int, label: str) -> dict:
    return {"kind": kind, "id": row_id, "label": label}


ATTENDANCE_WORDS = {"late": "迟到", "early": "早退", "absent": "旷工", "personal_leave": "事假", "sick_leave": "病假"}
SLOT_WORDS = {"am": "上午", "pm": "下午", "day": "全天"}


@dataclass
class MonthFigures:
    proposals: list[Proposal] = field(default_factory=list)
    valid_complaints: int = 0
    red_cases: int = 0
    unresolved_bad_ratings: int = 0
    case_volume: int = 0
    bad_rectify_rate: float | None = None  # 差评整改率 (on time / due), GB/T 39735

    def facts(self) -> dict:
        return {
            "valid_complaints": self.valid_complaints,
            "red_cases": self.red_cases,
            "unresolved_bad_ratings": self.unresolved_bad_ratings,
            "case_volume": self.case_volume,
            "bad_rectify_rate": self.bad_rectify_rate,
        }


def _queries():
    from ...records import queries

    return queries


def _bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _models():
    from ...records import models as m

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
    q = (
        db.select(m.Staff.id, m.Staff.name, m.Staff.is_chief_rep, R.window_id)
        .join(m.Staff, m.Staff.id == R.staff_id)
        .where(R.window_id == window_id, R.year == year, R.voided_at.is_(None), m.Staff.voided_at.is_(None))
        .order_by(R.position, R.id)
    )
    if on is not None:
        q = q.where(db.or_(R.started_on.is_(None), R.started_on <= on)).where(
            db.or_(R.ended_on.is_(None), R.ended_on >= on)
        )
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
def case_lights(window_id: int, year: int, month: int, today: date | None = None) -> dict[str, list[tuple[int, str]]]:
    """The cases behind records.queries.case_light_counts, by the same rules: overdue = closed
    in the month after the due date; red = turned red in the month and still open then; yellow =
    turned yellow in the month (即办件 left out). Days after `today` do not count. Lists of
    (case id, number) in number order."""
    from datetime import timedelta

    from ...core.timeutil import local_today

    C = _models().Case
    today = today or local_today()
    first, last = _bounds(year, month)
    last_seen = min(last, today)
    base = (C.window_id == window_id, C.voided_at.is_(None))
    conditions = {
        "overdue": (C.completed_on.between(first, last), C.completed_on > C.due_on),
        "red": (
            C.due_on.between(first - timedelta(days=1), last_seen - timedelta(days=1)),
            db.or_(C.completed_on.is_(None), C.completed_on > C.due_on),
        ),
        "yellow": (
            C.is_instant.is_(False),
            C.yellow_on.between(first, last_seen),
            db.or_(C.completed_on.is_(None), C.completed_on >= C.yellow_on),
        ),
    }
    return {
        key: [tuple(r) for r in db.session.execute(db.select(C.id, C.number).where(*base, *cond).order_by(C.number))]
        for key, cond in conditions.items()
    }


def month_figures(window_id: int, year: int, month: int) -> MonthFigures:
    """Proposals and the red-flag facts of one window's month, from the records."""
    m = _models()
    start, end = _bounds(year, month)
    fig = MonthFigures()
    names = dict(db.session.execute(db.select(m.Staff.id, m.Staff.name)).all())

    # 考勤: late / early per person-time; 旷工 per half-day; leave beyond 2 days per day.
    A = m.Attendance
    rows = db.session.execute(
        db.select(A.staff_id, A.status, A.slot, A.day, A.id)
        .where(A.window_id == window_id, A.day >= start, A.day <= end, A.voided_at.is_(None))
        .order_by(A.day, A.id)
    ).all()
    late, absent, leave = defaultdict(int), defaultdict(float), defaultdict(float)
    seen_rows: dict[tuple, list] = defaultdict(list)
    for sid, status, slot, day, row_id in rows:
        halves = 2 if slot == "day" else 1
        label = f"{day.month}月{day.day}日{SLOT_WORDS.get(slot, '')}{ATTENDANCE_WORDS.get(status, status)}"
        if status in ("late", "early"):
            late[sid] += 1
            seen_rows[("late", sid)].append(_ev("attendance", row_id, label))
        elif status == "absent":
            absent[sid] += halves
            seen_rows[("absent", sid)].append(_ev("attendance", row_id, label))
        elif status in ("personal_leave", "sick_leave"):
            leave[sid] += halves / 2
            seen_rows[("leave", sid)].append(_ev("attendance", row_id, label))
    for sid, n in late.items():
        fig.proposals.append(
            Proposal(
                "late_early",
                n,
                sid,
                names.get(sid, ""),
                f"考勤记录迟到、早退 {n} 次",
                evidence=seen_rows[("late", sid)],
            )
        )
    for sid, n in absent.items():
        fig.proposals.append(
            Proposal(
                "absent_half_days",
                n,
                sid,
                names.get(sid, ""),
                f"考勤记录旷工 {n:g} 个半天",
                evidence=seen_rows[("absent", sid)],
            )
        )
    for sid, days in leave.items():
        if days > 2:
            fig.proposals.append(
                Proposal(
                    "leave_days_over",
                    days - 2,
                    sid,
                    names.get(sid, ""),
                    f"当月请假 {days:g} 天，超过 2 天",
                    evidence=seen_rows[("leave", sid)],
                )
            )

    q = _queries()
    # 效能投诉: each valid complaint received this month.
    for c in q.valid_complaints(window_id, year, month):
        fig.valid_complaints += 1
        fig.proposals.append(
            Proposal(
                "valid_complaints",
                1,
                c.staff_id,
                names.get(c.staff_id, ""),
                f"有效投诉 {c.number}",
                c.received_on,
                [_ev("complaints", c.id, f"投诉 {c.number}")],
            )
        )

    # 办件: overdue completions, yellow and red lights of the month; volume = cases received.
    # Each light names its cases; whether a case lit several ways is charged once is the
    # scheme's rule, applied by the proposing service (services/sheets.py).
    lights = case_lights(window_id, year, month)
    for key in ("overdue", "yellow", "red"):
        if lights[key]:
            fig.proposals.append(
                Proposal(
                    key,
                    len(lights[key]),
                    note=f"电子监察记录 {len(lights[key])} 件",
                    evidence=[_ev("case", cid, number) for cid, number in lights[key]],
                )
            )
    fig.red_cases = len(lights["red"])
    fig.case_volume = int(q.window_case_volume(window_id, year, month))

    # 好差评: upheld bad ratings of the month; rectifications overdue in the month.
    for r in q.upheld_bad_ratings(window_id, year, month):
        fig.proposals.append(
            Proposal(
                "bad_ratings",
                1,
                r.staff_id,
                names.get(r.staff_id, ""),
                f"差评（编号 {r.id}）经核实成立",
                r.rated_on,
                [_ev("ratings", r.id, f"差评 {r.id}")],
            )
        )
    for r in q.overdue_rectifications(window_id, year, month):
        fig.proposals.append(
            Proposal(
                "rectification_overdue",
                1,
                r.staff_id,
                names.get(r.staff_id, ""),
                f"差评（编号 {r.id}）逾期未整改",
                r.rectify_due_on,
                [_ev("ratings", r.id, f"差评 {r.id}")],
            )
        )
    # An upheld bad rating given by the month's end and not rectified by then bars the flag.
    Rt = m.Rating
    fig.unresolved_bad_ratings = (
        db.session.scalar(
            db.select(db.func.count(Rt.id)).where(
                Rt.window_id == window_id,
                Rt.upheld.is_(True),
                Rt.grade <= 2,
                Rt.voided_at.is_(None),
                Rt.rated_on <= end,
                db.or_(Rt.rectified_on.is_(None), Rt.rectified_on > end),
            )
        )
        or 0
    )

    # The hall's procedures (app/hall/scoring.py): 推诿 (S3), a second 补正 breaking the one-time
    # notice (E5), late or deemed co-window stages of joint cases (E1), 责任追究 decisions.
    from ...hall import scoring as hall_scoring

    for source, count, sid, note, on, evidence in hall_scoring.month_proposals(window_id, year, month):
        fig.proposals.append(Proposal(source, count, sid, names.get(sid, "") if sid else "", note, on, evidence))
    fig.bad_rectify_rate = hall_scoring.month_facts(window_id, year, month)["bad_rectify_rate"]

    # 表扬: letters, banners, and media praise at city level or above.
    for k in q.commendations(window_id, year, month):
        if k.kind == "media" and k.media_level not in ("city", "province", "national"):
            continue
        if k.kind in ("letter", "banner", "media"):
            fig.proposals.append(
                Proposal(
                    k.kind,
                    1,
                    k.staff_id,
                    names.get(k.staff_id, ""),
                    (k.source or "").strip() or "表扬记录",
                    k.received_on,
                    [_ev("commendations", k.id, "表扬记录")],
                )
            )
    return fig


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
        db.select(A.status, A.day).where(
            A.staff_id == staff_id, A.day >= date(start.year, 1, 1), A.day <= end, A.voided_at.is_(None)
        )
    ).all():
        if status in ("late", "early"):
            out.late_year += 1
            if day >= start:
                out.late += 1
        elif status == "absent" and day >= start:
            out.absences += 1
    C = m.Complaint
    out.valid_complaints = (
        db.session.scalar(
            db.select(db.func.count(C.id)).where(
                C.staff_id == staff_id,
                C.valid.is_(True),
                C.received_on >= start,
                C.received_on <= end,
                C.voided_at.is_(None),
            )
        )
        or 0
    )
    Rt = m.Rating
    out.ratings = list(
        db.session.scalars(
            db.select(Rt.grade).where(
                Rt.staff_id == staff_id, Rt.rated_on >= start, Rt.rated_on <= end, Rt.voided_at.is_(None)
            )
        )
    )
    return out
