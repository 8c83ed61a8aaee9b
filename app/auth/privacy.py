"""Personal data on pages and in exports: shown to whom `can(user, "records.personal_data", obj)`
allows, masked for everyone else, and every showing or export of it audited (个人信息保护法:
access to personal information is logged)."""

import json
from dataclasses import dataclass

from ..audit.services import record
from ..kernel import flush
from .logic.masking import mask
from .permissions import can

PERMISSION = "records.personal_data"


def may_see(user, obj) -> bool:
    return can(user, PERMISSION, obj)


def shown(user, obj, value, kind: str = "name") -> str:
    """The value as this user may see it."""
    value = value or ""
    return value if may_see(user, obj) else mask(value, kind)


def holds_personal_data(obj) -> bool:
    return any(getattr(obj, name, None) for name in PERSONAL_FIELDS)


def log_access(user, action: str, object_type: str, objects, details: dict | None = None) -> int:
    """Audit that `user` saw (action "pd_read" / "pd_list") or exported ("pd_export") the
    unmasked personal data of `objects`; returns how many that was (nothing is written for 0)."""
    ids = [o.id for o in objects if holds_personal_data(o) and may_see(user, o)]
    if not ids:
        return 0
    entry = dict(details or {})
    entry["count"] = len(ids)
    if len(ids) <= 200:
        entry["ids"] = ids
    record(user, action, object_type, ids[0] if len(ids) == 1 else None, entry)
    flush()
    return len(ids)


# Columns of personal data that the records keep, and how each is masked.
PERSONAL_FIELDS = {
    "applicant": "name",
    "applicant_phone": "phone",
    "complainant": "name",
    "contact": "phone",
    "id_number": "id_number",
    "visitor": "name",
    "visitor_phone": "phone",
    "recipient": "contact",  # a 一次性告知书 sent to the applicant's phone or e-mail
}


@dataclass(frozen=True)
class MaskedEntry:
    """An audit entry as a record's history shows it to someone who may not see its personal data."""

    at: object
    username: str | None
    action: str
    details: str
    object_type: str | None = None


def _masked(value, kind):
    if isinstance(value, list):
        return [_masked(v, kind) for v in value]
    return mask(value, kind) if isinstance(value, str) else value


def history_for(user, obj, entries) -> list:
    """The record's audit trail with the personal data of its details masked when `user` may not
    see them (a correction of the applicant's phone would otherwise show both numbers)."""
    entries = [e for e in entries if not (e.action or "").startswith("pd_")]  # readings are not changes
    if may_see(user, obj):
        return entries
    out = []
    for e in entries:
        try:
            data = json.loads(e.details or "{}")
        except ValueError:
            data = None
        if isinstance(data, dict):
            data = {k: (_masked(v, PERSONAL_FIELDS[k]) if k in PERSONAL_FIELDS else v) for k, v in data.items()}
            details = json.dumps(data, ensure_ascii=False)
        else:
            details = e.details
        out.append(MaskedEntry(e.at, e.username, e.action, details, getattr(e, "object_type", None)))
    return out
