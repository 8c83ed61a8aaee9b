"""The staff register and rosters, handed to the auth room (accounts for the roster, and the
window of a window-staff account in its object-level permission rules)."""

from datetime import date

from sqlalchemy import or_, select

from ...auth.directory import StaffCard
from ...extensions import db
from ..models import RosterEntry, Staff, Window
from . import active_windows, current_window_of


def _card(staff: Staff, window: Window | None) -> StaffCard:
    return StaffCard(
        id=staff.id,
        name=staff.name,
        department=staff.department.name if staff.department else "",
        window_id=window.id if window else None,
        window_label=window.label if window else "",
        post=staff.post or "",
    )


class RecordsStaffDirectory:
    def card(self, staff_id: int, on: date) -> StaffCard | None:
        staff = db.session.get(Staff, staff_id)
        if staff is None or staff.voided_at is not None:
            return None
        return _card(staff, current_window_of(staff_id, on))

    def roster(self, on: date, window_id: int | None = None) -> list[StaffCard]:
        """Everyone on a window roster on the date (one card each, lead first), optionally one window."""
        query = (
            select(RosterEntry)
            .where(
                RosterEntry.year == on.year,
                RosterEntry.voided_at.is_(None),
                or_(RosterEntry.started_on.is_(None), RosterEntry.started_on <= on),
                or_(RosterEntry.ended_on.is_(None), RosterEntry.ended_on >= on),
            )
            .order_by(RosterEntry.window_id, RosterEntry.position, RosterEntry.id)
        )
        if window_id is not None:
            query = query.where(RosterEntry.window_id == window_id)
        seen, cards = set(), []
        for entry in db.session.scalars(query):
            if entry.staff_id in seen or entry.staff.voided_at is not None:
                continue
            seen.add(entry.staff_id)
            cards.append(_card(entry.staff, entry.window))
        return cards

    def windows(self, on: date) -> list[tuple[int, str]]:
        return [(w.id, w.label) for w in active_windows(on)]

    def window_of(self, staff_id: int, on: date) -> int | None:
        window = current_window_of(staff_id, on)
        return window.id if window else None
