"""What the quality views share: the refusal types and small request parsers."""

from datetime import date

from flask import request

from .. import queries
from ..logic import chart
from ..logic.objectives import met
from ..services.common import QualityError

REFUSALS = (QualityError,)


def form_date(name: str) -> date | None:
    value = (request.form.get(name) or "").strip()
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def form_int(name: str) -> int | None:
    value = (request.form.get(name) or "").strip()
    return int(value) if value.isdigit() else None


def posted(text=(), ints=(), dates=(), lists=(), **defaults) -> dict:
    """Form fields by kind, as a service's keywords: text as typed ("" when absent, or the default
    given by name), whole numbers and dates parsed (None when empty or invalid), lists of values."""
    f = request.form
    values = {name: f.get(name, defaults.get(name, "")) for name in text}
    values |= {name: form_int(name) for name in ints}
    values |= {name: form_date(name) for name in dates}
    values |= {name: f.getlist(name) for name in lists}
    return values


NC_FIELDS = {
    "text": ("source", "title", "description", "process", "iso_clause", "rule_number", "rule_article", "severity"),
    "dates": ("found_on",),
    "ints": ("window_id", "owner_id"),
    "severity": "minor",
}


def site_names() -> dict:
    """The windows and departments by id, as the audit pages name them (`windows`, `departments`)."""
    return {"windows": queries.window_labels(), "departments": queries.departments()}


def users_for_select():
    return queries.active_users()


def objective_cards(year: int):
    rows = queries.objectives_of_year(year)
    cards = []
    for o in rows:
        points = [(f"{v.month}月", v.value) for v in o.values]
        last = next((v for v in reversed(o.values) if v.value is not None), None)
        cards.append(
            {
                "o": o,
                "svg": chart.monthly(points, o.target, f"{year}年 {o.name}"),
                "last": last,
                "met": met(last.value, o.target, o.higher_is_better) if last else None,
            }
        )
    return cards
