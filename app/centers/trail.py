"""The audit trail as the centers room sees it: the audit room stands on this room (every entry
belongs to a center), so it hands its `record` in at set-up (app/audit/wiring.py) instead of being
imported here."""

_recorder: dict = {}


def use_recorder(record) -> None:
    _recorder["record"] = record


def record(user, action: str, object_type: str, object_id, details: dict | None = None):
    recorder = _recorder.get("record")
    if recorder is None:
        raise RuntimeError("the audit room has not handed in its trail (app/audit/wiring.py)")
    return recorder(user, action, object_type, object_id, details)
