"""What the hall's services share: their refusal, the window scope, numbering, the settings."""

from __future__ import annotations

from datetime import date

from flask import current_app

from ...core import sequences
from ...kernel import DomainError
from ...records.services import RecordsError, case_access


class HallError(DomainError):
    """A refused action of the hall's procedures (Chinese message)."""


def setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


def require_window(user, window_id: int, on: date, object_type: str, object_id=None, action: str = "") -> None:
    """Window staff act only for the window they are on the roster of that day (as for cases)."""
    try:
        case_access.require_window(user, window_id, on, object_id=object_id, action=f"{object_type}:{action}")
    except RecordsError as exc:
        raise HallError(str(exc)) from exc


def may_act_for(user, window_id: int, on: date) -> bool:
    return case_access.scope_refusal(user, window_id, on) is None


def own_window(user, on: date):
    return case_access.own_window(user, on) if case_access.is_window_bound(user) else None


def next_number(model, column, prefix: str, width: int = 4) -> str:
    """prefix + the next running number (app.core.sequences: two writers never get the same one)."""
    return sequences.next_number(column, prefix, width)


def records_call(fn, *args, **kwargs):
    """Call a records-room service, turning its refusal into ours."""
    try:
        return fn(*args, **kwargs)
    except RecordsError as exc:
        raise HallError(str(exc)) from exc
