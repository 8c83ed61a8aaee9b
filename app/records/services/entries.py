"""Use cases of the records domain: save (create / correct), void, rosters, item revisions.

Every service takes the acting user, checks the permission, changes the session, writes the
audit trail (app.audit.services.record) and flushes; the request (or the CLI command, the test)
commits. A save made from a stale form (its row_version is not the row's) is refused with
StaleEdit; nothing is ever deleted.
"""

from datetime import date

from flask import current_app
from sqlalchemy import select

from ... import kernel
from ...audit.services import record
from ...core import sequences
from ...core.timeutil import local_today, utcnow
from ...core.workdays import add_workdays
from ...extensions import db
from ..models import Case, Complaint, ItemRevision, Rating, RosterEntry, ServiceItem, Window
from ..queries import current_window_of
from .case_access import require_window
from .common import (  # noqa: F401  (StaleEdit re-exported)
    RecordsError,
    StaleEdit,
    check_version,
    flush,
    object_type,
    plain,
    require,
)


def save(user, obj, values: dict, expected_version=kernel.SAME_TRANSACTION, permission: str = "records.edit"):
    """Create (obj.id is None) or correct a record with `values`; audited with the changed fields."""
    require(user, permission)
    creating = obj.id is None
    _require_case_window(user, obj, values)
    if (
        creating
        and isinstance(obj, Complaint)
        and not (values.get("number") or "").strip()
        and values.get("received_on")
    ):
        # issued, not typed: the same TS<year>-NNNNN numbers as the hall's complaint procedure
        values = dict(values, number=sequences.next_number(Complaint.number, f"TS{values['received_on']:%Y}-", 5))
    if not creating:
        check_version(obj, expected_version)
        if obj.is_void:
            raise RecordsError("已作废的记录不能再修改。")
    changes = {}
    for name, value in values.items():
        old = getattr(obj, name, None)
        if creating or old != value:
            changes[name] = plain(value) if creating else [plain(old), plain(value)]
            setattr(obj, name, value)
    _derive(obj)
    if creating:
        db.session.add(obj)
    elif not changes:
        return obj
    flush()
    record(user, "create" if creating else "correct", object_type(obj), obj.id, changes)
    flush()
    return obj


def _require_case_window(user, obj, values: dict) -> None:
    """Corrections of a case: window staff only for their own window (old and new window)."""
    if not isinstance(obj, Case):
        return
    today = local_today()
    for window_id in {obj.window_id, values.get("window_id", obj.window_id)}:
        require_window(user, window_id, today, object_id=obj.id, action="correct")


def _derive(obj) -> None:
    """Dates that follow from others (configurable working-day periods)."""
    cfg = current_app.config
    if isinstance(obj, Complaint) and obj.deadline_on is None and obj.received_on:
        obj.deadline_on = add_workdays(obj.received_on, int(cfg.get("RECORDS_COMPLAINT_DAYS", 5)))
    if isinstance(obj, Complaint) and obj.finding and obj.valid is None:
        obj.valid = obj.finding in ("true", "partly")
    if isinstance(obj, Rating) and obj.grade is not None and obj.grade <= 2 and obj.upheld:
        if obj.verified_on is None:
            obj.verified_on = obj.rated_on
        if obj.rectify_due_on is None:
            obj.rectify_due_on = add_workdays(obj.verified_on, int(cfg.get("RECORDS_RECTIFY_DAYS", 15)))
    if hasattr(obj, "window_id") and hasattr(obj, "staff_id") and obj.window_id is None and obj.staff_id:
        on = getattr(obj, "day", None) or getattr(obj, "received_on", None) or getattr(obj, "rated_on", None)
        if on is not None and not isinstance(obj, RosterEntry):
            window = current_window_of(obj.staff_id, on)
            obj.window_id = window.id if window else None


def void(user, obj, reason: str, expected_version=kernel.SAME_TRANSACTION, permission: str = "records.edit"):
    """Void with a reason: the row stays, marked, and the trail says who and why."""
    require(user, permission)
    check_version(obj, expected_version)
    _require_case_window(user, obj, {})
    reason = (reason or "").strip()
    if not reason:
        raise RecordsError("作废必须填写原因。")
    if obj.is_void:
        raise RecordsError("该记录已经作废。")
    obj.voided_at = utcnow()
    obj.void_reason = reason
    obj.voided_by_id = user.id
    if hasattr(obj, "is_open"):
        obj.is_open = False
    flush()
    record(user, "void", object_type(obj), obj.id, {"reason": reason})
    flush()
    return obj


# --------------------------------------------------------------------------- rosters


def add_to_roster(user, window: Window, staff_id: int, year: int, position: int | None, started_on=None):
    require(user, "records.edit")
    entries = db.session.scalars(
        select(RosterEntry).where(
            RosterEntry.window_id == window.id, RosterEntry.year == year, RosterEntry.voided_at.is_(None)
        )
    ).all()
    if any(e.staff_id == staff_id and e.ended_on is None for e in entries):
        raise RecordsError("该人员已在本窗口本年度名单中。")
    if position is None:
        position = max((e.position for e in entries), default=0) + 1
    entry = RosterEntry(year=year, window_id=window.id, staff_id=staff_id, position=position, started_on=started_on)
    db.session.add(entry)
    flush()
    record(
        user,
        "create",
        "rec_roster_entries",
        entry.id,
        {"window": window.number, "staff_id": staff_id, "year": year, "position": position},
    )
    flush()
    return entry


def move_staff(
    user, entry: RosterEntry, to_window: Window, on: date, reason: str, expected_version=kernel.SAME_TRANSACTION
):
    """调岗: end the line in the old window (kept) and open one in the new window."""
    require(user, "records.edit")
    check_version(entry, expected_version)
    if entry.ended_on is not None or entry.is_void:
        raise RecordsError("该名单行已结束或作废。")
    if to_window.id == entry.window_id:
        raise RecordsError("调入窗口与原窗口相同。")
    if not (reason or "").strip():
        raise RecordsError("调岗必须填写原因。")
    entry.ended_on = on
    entry.end_reason = reason.strip()
    last = (
        db.session.scalar(
            select(db.func.max(RosterEntry.position)).where(
                RosterEntry.window_id == to_window.id, RosterEntry.year == on.year, RosterEntry.voided_at.is_(None)
            )
        )
        or 0
    )
    new = RosterEntry(year=on.year, window_id=to_window.id, staff_id=entry.staff_id, position=last + 1, started_on=on)
    db.session.add(new)
    flush()
    record(
        user,
        "update",
        "rec_roster_entries",
        entry.id,
        {"moved_to": to_window.number, "on": on.isoformat(), "reason": reason.strip(), "new_entry": new.id},
    )
    flush()
    return new


# --------------------------------------------------------------------------- service items


def create_item(user, item: ServiceItem, terms: dict, valid_from: date):
    require(user, "records.edit")
    if terms.get("committed_limit_days", 0) > terms.get("legal_limit_days", 0):
        raise RecordsError("承诺时限不能长于法定时限。")
    if db.session.scalar(select(ServiceItem.id).where(ServiceItem.code == item.code)):
        raise RecordsError(f"事项编码 {item.code} 已存在。")
    db.session.add(item)
    flush()
    rev = ItemRevision(item_id=item.id, valid_from=valid_from, created_by_id=user.id, **terms)
    db.session.add(rev)
    flush()
    record(
        user,
        "create",
        "rec_service_items",
        item.id,
        {"code": item.code, "name": item.name, "valid_from": valid_from.isoformat(), **terms},
    )
    flush()
    return item


def revise_item(user, item: ServiceItem, terms: dict, valid_from: date, expected_version=kernel.SAME_TRANSACTION):
    """New terms from `valid_from`; earlier months keep the terms they had."""
    require(user, "records.edit")
    check_version(item, expected_version)
    if item.is_void:
        raise RecordsError("已作废的事项不能修订。")
    if terms.get("committed_limit_days", 0) > terms.get("legal_limit_days", 0):
        raise RecordsError("承诺时限不能长于法定时限。")
    if db.session.scalar(
        select(ItemRevision.id).where(ItemRevision.item_id == item.id, ItemRevision.valid_from == valid_from)
    ):
        raise RecordsError("该日期已有一次修订，请换一个生效日期。")
    rev = ItemRevision(item_id=item.id, valid_from=valid_from, created_by_id=user.id, **terms)
    db.session.add(rev)
    flush()
    record(user, "update", "rec_service_items", item.id, {"revision_from": valid_from.isoformat(), **terms})
    flush()
    return rev
