"""Which windows' cases a user may enter and handle (收件、受理、补正、办结、更正).

Window staff (窗口工作人员) handle only the cases of the window they are on the roster of on
the date of the action; the other roles holding records.cases handle every window. The same
functions answer the services (which refuse, audited as "denied") and the templates (which
show a button only where its action is allowed), through the `can_handle_case` context value.
"""

from datetime import date

from ...audit.services import record_now
from ...auth.permissions import can
from ...auth.roles import WINDOW_STAFF
from ...core.timeutil import local_today
from ..queries import current_window_of
from .common import RecordsError

NOT_LINKED = "您的账号尚未关联窗口工作人员档案，不能登记或办理办件，请联系系统管理员。"


class CaseScopeError(RecordsError):
    """The user may not act on this window's cases; the message says why (in Chinese)."""


def is_window_bound(user) -> bool:
    """True for users limited to their own window's cases."""
    return getattr(user, "role", None) == WINDOW_STAFF


def own_window(user, on: date):
    """The window a window-staff user serves on the date, or None (no link or not on a roster)."""
    staff_id = getattr(user, "staff_id", None)
    return current_window_of(staff_id, on) if staff_id else None


def scope_refusal(user, window_id: int | None, on: date) -> str | None:
    """None when the user may act on `window_id`'s cases on `on`, else the Chinese reason.
    Only the window limit is judged here; the role check stays with can(user, "records.cases")."""
    if not is_window_bound(user):
        return None
    if not getattr(user, "staff_id", None):
        return NOT_LINKED
    window = own_window(user, on)
    if window is None:
        return f"您在{on.year}年{on.month}月{on.day}日不在任何窗口的人员名单中，不能登记或办理办件。"
    if window_id != window.id:
        return f"您只能登记和办理本窗口（{window.label}）的办件。"
    return None


def can_handle_case(user, case_or_window_id=None, on: date | None = None) -> bool:
    """May `user` enter / step / correct cases of this window on `on` (default today)?
    `case_or_window_id`: a Case, a window id, or None for "some window" (the 收件登记 button)."""
    if not can(user, "records.cases"):
        return False
    on = on or local_today()
    if case_or_window_id is None:
        return not is_window_bound(user) or own_window(user, on) is not None
    window_id = getattr(case_or_window_id, "window_id", case_or_window_id)
    return scope_refusal(user, window_id, on) is None


def require_window(user, window_id: int | None, on: date, object_id=None, action: str = "") -> None:
    """Raise CaseScopeError (after writing a "denied" audit entry, as permission_required does)
    when the user may not act on the window's cases on the date. Call before changing anything:
    the audit write rolls back the open session."""
    reason = scope_refusal(user, window_id, on)
    if reason is None:
        return
    record_now(
        user,
        "denied",
        "rec_cases",
        object_id,
        {
            "action": action,
            "window_id": window_id,
            "on": on.isoformat(),
            "reason": reason,
        },
    )
    raise CaseScopeError(reason)
