"""Reading accounts (and the staff cards they are linked to, through the staff directory)."""

from dataclasses import dataclass

from ..centers.context import scope_ids
from ..core.timeutil import local_today
from ..extensions import db
from .directory import StaffCard, staff_directory
from .models import User, load_user


def all_users() -> list[User]:
    return db.session.scalars(db.select(User).order_by(User.role, User.username)).all()


def account_of_center(user_id: int) -> User | None:
    """An account of the current center (the users page): another center's answers None (404)."""
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.center_id in (scope_ids() or []) else None


def user_by_id(user_id) -> User | None:
    """The account, read once per request (the session guard and Flask-Login share it)."""
    try:
        return load_user(user_id)
    except (TypeError, ValueError):
        return None


def staff_cards_of(users) -> dict[int, StaffCard]:
    """{staff_id: card} for the accounts' linked staff records."""
    today, directory = local_today(), staff_directory()
    cards = {}
    for user in users:
        if user.staff_id and user.staff_id not in cards:
            card = directory.card(user.staff_id, today)
            if card is not None:
                cards[user.staff_id] = card
    return cards


def unlinked_staff(window_id: int | None = None) -> list[StaffCard]:
    """Staff on today's roster without an account."""
    linked = set(db.session.scalars(db.select(User.staff_id).where(User.staff_id.is_not(None))))
    return [card for card in staff_directory().roster(local_today(), window_id) if card.id not in linked]


@dataclass(frozen=True)
class WindowCoverage:
    window_id: int
    label: str
    on_roster: int
    without_account: int


def roster_coverage() -> list[WindowCoverage]:
    """Per window open today: people on the roster and how many of them have no account yet."""
    today, directory = local_today(), staff_directory()
    linked = set(db.session.scalars(db.select(User.staff_id).where(User.staff_id.is_not(None))))
    cards = directory.roster(today)
    out = []
    for window_id, label in directory.windows(today):
        mine = [c for c in cards if c.window_id == window_id]
        out.append(WindowCoverage(window_id, label, len(mine), sum(1 for c in mine if c.id not in linked)))
    return out
