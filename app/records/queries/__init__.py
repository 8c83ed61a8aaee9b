"""Read-only queries over the records, for the monthly scoring (app/assessment) and the pages.

Stable names: the assessment domain calls these. All ignore voided rows. A month is the
calendar month (year, month); dates are China dates.
"""

import calendar
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import func, or_, select

from ...core.timeutil import local_today
from ...extensions import db
from ..models import Attendance, Case, Commendation, Complaint, ItemRevision, Rating, RosterEntry, Staff, Window


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def attendance_counts(window_id: int, year: int, month: int) -> dict[int, dict[str, int]]:
    """{staff_id: {status: number of attendance lines}} for the window's lines in the month.
    A line is a whole day or a half day (slot am/pm); statuses as in vocab.ATTENDANCE_STATUSES."""
    first, last = month_bounds(year, month)
    rows = db.session.execute(
        select(Attendance.staff_id, Attendance.status, func.count())
        .where(Attendance.window_id == window_id, Attendance.day.between(first, last), Attendance.voided_at.is_(None))
        .group_by(Attendance.staff_id, Attendance.status)
    )
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for staff_id, status, n in rows:
        out[staff_id][status] = n
    return dict(out)


def valid_complaints(window_id: int, year: int, month: int) -> list[Complaint]:
    """Complaints received in the month and found valid (有效)."""
    first, last = month_bounds(year, month)
    return list(
        db.session.scalars(
            select(Complaint)
            .where(
                Complaint.window_id == window_id,
                Complaint.valid.is_(True),
                Complaint.voided_at.is_(None),
                Complaint.received_on.between(first, last),
            )
            .order_by(Complaint.received_on, Complaint.id)
        )
    )


def case_light_counts(window_id: int, year: int, month: int, today: date | None = None) -> dict:
    """{'overdue': n, 'yellow': n, 'red': n} for the window's cases in the month:
    overdue = closed in the month after the due date; red = turned red in the month (the day
    after due_on falls in it and the case was still open then); yellow = turned yellow in the
    month (yellow_on in it and the case still open that day; 即办件 left out). Days after `today`
    do not count."""
    today = today or local_today()
    first, last = month_bounds(year, month)
    last_seen = min(last, today)
    base = (Case.window_id == window_id, Case.voided_at.is_(None))
    overdue = db.session.scalar(
        select(func.count())
        .select_from(Case)
        .where(*base, Case.completed_on.between(first, last), Case.completed_on > Case.due_on)
    )
    red = db.session.scalar(
        select(func.count())
        .select_from(Case)
        .where(
            *base,
            Case.due_on.between(first - timedelta(days=1), last_seen - timedelta(days=1)),
            or_(Case.completed_on.is_(None), Case.completed_on > Case.due_on),
        )
    )
    yellow = db.session.scalar(
        select(func.count())
        .select_from(Case)
        .where(
            *base,
            Case.is_instant.is_(False),
            Case.yellow_on.between(first, last_seen),
            or_(Case.completed_on.is_(None), Case.completed_on >= Case.yellow_on),
        )
    )
    return {"overdue": overdue or 0, "yellow": yellow or 0, "red": red or 0}


def upheld_bad_ratings(window_id: int, year: int, month: int) -> list[Rating]:
    """Bad ratings (grade ≤ 2) given in the month whose verification upheld them."""
    first, last = month_bounds(year, month)
    return list(
        db.session.scalars(
            select(Rating)
            .where(
                Rating.window_id == window_id,
                Rating.grade <= 2,
                Rating.upheld.is_(True),
                Rating.voided_at.is_(None),
                Rating.rated_on.between(first, last),
            )
            .order_by(Rating.rated_on, Rating.id)
        )
    )


def overdue_rectifications(window_id: int, year: int, month: int, today: date | None = None) -> list[Rating]:
    """Upheld bad ratings whose rectification deadline fell in the month (up to today) and was
    missed: not rectified, or rectified after the deadline."""
    today = today or local_today()
    first, last = month_bounds(year, month)
    return list(
        db.session.scalars(
            select(Rating)
            .where(
                Rating.window_id == window_id,
                Rating.upheld.is_(True),
                Rating.voided_at.is_(None),
                Rating.rectify_due_on.between(first, last),
                Rating.rectify_due_on < today,
                or_(Rating.rectified_on.is_(None), Rating.rectified_on > Rating.rectify_due_on),
            )
            .order_by(Rating.rectify_due_on, Rating.id)
        )
    )


def commendations(window_id: int, year: int, month: int) -> list[Commendation]:
    """Letters, banners and media praise received in the month (kind, media_level tell the bonus)."""
    first, last = month_bounds(year, month)
    return list(
        db.session.scalars(
            select(Commendation)
            .where(
                Commendation.window_id == window_id,
                Commendation.voided_at.is_(None),
                Commendation.received_on.between(first, last),
            )
            .order_by(Commendation.received_on, Commendation.id)
        )
    )


def window_case_volume(window_id: int, year: int, month: int) -> int:
    """Cases received by the window in the month."""
    first, last = month_bounds(year, month)
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Case)
            .where(Case.window_id == window_id, Case.received_on.between(first, last), Case.voided_at.is_(None))
        )
        or 0
    )


def _window_order(w: Window):
    return (len(w.number), w.number)


def active_windows(on: date) -> list[Window]:
    """Windows open on the date (opened on or before, not closed before), by number."""
    rows = db.session.scalars(
        select(Window).where(
            Window.voided_at.is_(None),
            or_(Window.opened_on.is_(None), Window.opened_on <= on),
            or_(Window.closed_on.is_(None), Window.closed_on >= on),
        )
    )
    return sorted(rows, key=_window_order)


def window_staff(window_id: int, year: int) -> list[Staff]:
    """The window's roster for the year, lead (position 1) first; staff who moved away during
    the year are still listed (they served)."""
    entries = db.session.scalars(
        select(RosterEntry)
        .where(RosterEntry.window_id == window_id, RosterEntry.year == year, RosterEntry.voided_at.is_(None))
        .order_by(RosterEntry.position, RosterEntry.id)
    )
    seen, out = set(), []
    for e in entries:
        if e.staff_id not in seen:
            seen.add(e.staff_id)
            out.append(e.staff)
    return out


def window_lead(window_id: int, year: int) -> Staff | None:
    staff = window_staff(window_id, year)
    return staff[0] if staff else None


def current_window_of(staff_id: int, on: date) -> Window | None:
    """The window the staff member serves on the date (by the roster), if any."""
    entry = db.session.scalar(
        select(RosterEntry)
        .where(
            RosterEntry.staff_id == staff_id,
            RosterEntry.year == on.year,
            RosterEntry.voided_at.is_(None),
            or_(RosterEntry.started_on.is_(None), RosterEntry.started_on <= on),
            or_(RosterEntry.ended_on.is_(None), RosterEntry.ended_on >= on),
        )
        .order_by(RosterEntry.id.desc())
        .limit(1)
    )
    return entry.window if entry else None


__all__ = [
    "attendance_counts",
    "valid_complaints",
    "case_light_counts",
    "upheld_bad_ratings",
    "overdue_rectifications",
    "commendations",
    "window_case_volume",
    "active_windows",
    "window_staff",
    "window_lead",
    "current_window_of",
    "month_bounds",
]


def revision_on(item_id: int, on: date) -> ItemRevision | None:
    """The item's terms in force on the date (the latest revision valid from on or before it)."""
    return db.session.scalar(
        select(ItemRevision)
        .where(ItemRevision.item_id == item_id, ItemRevision.valid_from <= on)
        .order_by(ItemRevision.valid_from.desc())
        .limit(1)
    )
