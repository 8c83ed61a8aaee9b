"""What the records views share: the month, record kind, case filters and paging a request names."""

from datetime import date

from flask import abort, request

from ...auth.privacy import log_access
from ...core.timeutil import local_today
from ..logic import caseclock
from ..queries.cases import case_statement, listed_cases
from ..registry import KINDS
from ..services.case_access import is_window_bound, own_window

# what the case lists show beside each case: its light and how many working days remain
CLOCK = {"light": caseclock.light, "labels": caseclock.LIGHT_LABELS, "remaining": caseclock.remaining_workdays}


def parse_month():
    """(year, month) from ?month=YYYY-MM, default the current month."""
    today = local_today()
    try:
        y, m = (int(x) for x in request.args.get("month", "").split("-"))
        date(y, m, 1)
        return y, m
    except (ValueError, TypeError):
        return today.year, today.month


def month_and_window():
    """(year, month, window id or None) from ?month=YYYY-MM&window=ID."""
    return (*parse_month(), request.args.get("window", type=int))


def stats_period():
    """(year, None) for ?year=YYYY (the year's totals), else (year, month) from ?month=YYYY-MM."""
    if year := request.args.get("year", type=int):
        return year, None
    return parse_month()


def kind_or_404(kind: str):
    k = KINDS.get(kind)
    if k is None:
        abort(404)
    return k


def log_personal(user, k, action: str, rows, details=None) -> None:
    """A record kind with personal data logs who read or exported which rows (app/auth/privacy.py)."""
    if k.personal:
        log_access(user, action, k.model.__tablename__, rows, details)


def case_filters() -> dict:
    return {
        "window_id": request.args.get("window", type=int),
        "state": request.args.get("state"),
        "month": parse_month() if request.args.get("month") else None,
        "q": (request.args.get("q") or "").strip(),
    }


def page_args() -> dict:
    """?page=N, or keyset paging ?after=ID / ?before=ID."""
    return {
        "page": request.args.get("page", 1, type=int),
        "after": request.args.get("after", type=int),
        "before": request.args.get("before", type=int),
    }


def cases_statement(user, filters=None):
    """The cases the request's filters name, as `user` may search them: window staff find other
    windows' cases by number only, never by an applicant's name."""
    own = own_window(user, local_today()) if is_window_bound(user) else None
    return case_statement(
        **(filters or case_filters()),
        applicant_window_id=(own.id if own else -1) if is_window_bound(user) else None,
    )


def case_list_page(user):
    """The page of the case list the request names (filters and paging), as `user` may search it."""
    filters = case_filters()
    return listed_cases(cases_statement(user, filters), filters, **page_args())
