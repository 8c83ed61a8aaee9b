"""Jinja filters that show audit entries in words a reader of the trail understands.

The stored entry (object type, JSON details) stays exactly as hashed; only its display changes.
The words come from the rooms' registrations (app/audit/labels.py); unknown object types and keys
are shown as stored, so nothing is hidden.
"""

import json
import re
from datetime import date

from markupsafe import Markup, escape

from ..core.timeutil import format_date_cn
from .labels import field_words, object_words, value_words

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def object_label(object_type: str | None, object_id=None, names: dict | None = None) -> str:
    """文件版本 SF-ZD-001 A/0 when the owning room describes it, else the stored id."""
    label = object_words(object_type)
    if object_id in (None, ""):
        return label
    described = (names or {}).get((object_type, str(object_id)))
    return f"{label} {described}" if described else f"{label} {object_id}"


def _value(value, object_type=None) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and _ISO_DAY.match(value):
        try:
            return format_date_cn(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, dict):
        return "；".join(f"{field_words(k, object_type)} {_value(v, object_type)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(_value(v, object_type) for v in value)
    if isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return value[:12] + "…"
    return str(value)


def _shown(key: str, value, object_type):
    words = value_words(key, value, object_type)
    return words if words is not None else _value(value, object_type)


def details_html(details_json: str | None, object_type: str | None = None) -> Markup:
    """'键：值' pairs, one per line, Chinese key names and dates; raw text when it is not a JSON object."""
    try:
        data = json.loads(details_json or "{}")
    except ValueError:
        return Markup(escape(details_json or ""))
    if not isinstance(data, dict):
        return Markup(escape(details_json))
    if not data:
        return Markup("—")
    parts = [
        Markup('<span class="kv"><span class="k">{}</span>：{}</span>').format(
            field_words(k, object_type), _shown(k, v, object_type)
        )
        for k, v in data.items()
    ]
    return Markup("<br>").join(parts)
