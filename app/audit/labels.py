"""The words the audit trail page shows for stored codes, registered by the room that owns them.

Each room keeps its vocabulary in `app/<room>/audit_labels.py` and registers it from its
`wiring.py`: `register("rec_cases", "办件", actions={...}, fields={...}, values={...})`.
The audit room itself knows only the generic actions below, so it imports no other room.
Registering again with the same words is harmless (every app instance wires its rooms).
"""

from __future__ import annotations

# Actions every room uses.
ACTIONS: dict[str, str] = {
    "create": "创建",
    "update": "修改",
    "void": "作废",
    "correct": "更正",
    "import": "导入",
    "export": "导出",
    "withdraw": "撤回",
}
OBJECTS: dict[str, str] = {}
# Detail keys and stored codes, per object type, and all of them together for entries whose
# object type registered none (nested values, older entries).
FIELDS: dict[str, dict[str, str]] = {}
VALUES: dict[str, dict[str, dict[str, str]]] = {}
ALL_FIELDS: dict[str, str] = {}
ALL_VALUES: dict[str, dict[str, str]] = {}
# object type -> describe(ids) -> {id: "what it is"} (SF-ZD-001 A/0, 办件 BJ2026…, a person's name),
# a read-only query of the room that owns the object.
DESCRIBERS: dict[str, object] = {}


def register(
    object_type: str | None,
    label: str | None = None,
    *,
    actions: dict | None = None,
    fields: dict | None = None,
    values: dict | None = None,
    describe=None,
) -> None:
    """Name `object_type` (may be None to add only actions/fields), the actions its entries use,
    the keys of their details, the words for codes stored under a key (values={key: {code: words}})
    and `describe(ids) -> {id: words}`, which says what each object is."""
    if describe is not None and object_type is not None:
        DESCRIBERS[object_type] = describe
    for code, words in (actions or {}).items():
        ACTIONS.setdefault(code, words)
    if object_type is not None:
        if label is not None:
            OBJECTS[object_type] = label
        FIELDS.setdefault(object_type, {}).update(fields or {})
        VALUES.setdefault(object_type, {}).update(values or {})
    for key, words in (fields or {}).items():
        ALL_FIELDS.setdefault(key, words)
    for key, codes in (values or {}).items():
        ALL_VALUES.setdefault(key, {}).update(codes)


def object_words(object_type: str | None) -> str:
    return OBJECTS.get(object_type or "", object_type or "")


def field_words(key: str, object_type: str | None = None) -> str:
    return FIELDS.get(object_type or "", {}).get(key) or ALL_FIELDS.get(key, key)


def value_words(key: str, code, object_type: str | None = None):
    """The words for a code stored under `key`, or None when the key stores no codes."""
    codes = VALUES.get(object_type or "", {}).get(key) or ALL_VALUES.get(key)
    return codes.get(code, code) if codes is not None and isinstance(code, str) else None


def action_words(action: str) -> str:
    return ACTIONS.get(action, action)


def describe_entries(entries) -> dict[tuple[str, str], str]:
    """What the objects and the people of these trail entries are: {(type, id): words}."""
    return describe_objects([(e.object_type, e.object_id) for e in entries] + [("user", e.user_id) for e in entries])


def describe_objects(pairs) -> dict[tuple[str, str], str]:
    """What the objects of a page of entries are, one query per object type: {(type, id): words}."""
    wanted: dict[str, set[str]] = {}
    for object_type, object_id in pairs:
        if object_type in DESCRIBERS and object_id not in (None, ""):
            wanted.setdefault(object_type, set()).add(str(object_id))
    out = {}
    for object_type, ids in wanted.items():
        for object_id, words in DESCRIBERS[object_type](sorted(ids)).items():
            out[(object_type, str(object_id))] = words
    return out


def object_choices() -> list[tuple[str, str]]:
    """The object types the filter offers, by their words."""
    return sorted(((code, words) for code, words in OBJECTS.items()), key=lambda cw: cw[1])


def int_ids(ids) -> list[int]:
    """The ids a describer of integer keys can look up (a stored id is text)."""
    return [int(i) for i in ids if str(i).isdigit()]
