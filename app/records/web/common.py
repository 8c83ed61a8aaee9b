"""What the records views share: the month and record kind a request names."""

from datetime import date

from flask import abort, request

from ...core.timeutil import local_today
from ..registry import KINDS


def parse_month():
    """(year, month) from ?month=YYYY-MM, default the current month."""
    today = local_today()
    try:
        y, m = (int(x) for x in request.args.get("month", "").split("-"))
        date(y, m, 1)
        return y, m
    except (ValueError, TypeError):
        return today.year, today.month


def kind_or_404(kind: str):
    k = KINDS.get(kind)
    if k is None:
        abort(404)
    return k
