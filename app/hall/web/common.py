"""What the hall's views share: the refusals they flash and small request parsers."""

from datetime import date

from flask import request

from ...kernel import DomainError

REFUSALS = (DomainError,)


def form_date(name: str, default: date | None = None) -> date | None:
    value = (request.form.get(name) or "").strip()
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def form_int(name: str) -> int | None:
    value = (request.form.get(name) or "").strip()
    return int(value) if value.isdigit() else None


def month_arg(today: date) -> tuple[int, int]:
    """?month=YYYY-MM, default the current month."""
    value = request.args.get("month", "")
    try:
        y, m = (int(x) for x in value.split("-"))
        if 2000 <= y <= 2100 and 1 <= m <= 12:
            return y, m
    except ValueError:
        pass
    return today.year, today.month
