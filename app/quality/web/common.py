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
