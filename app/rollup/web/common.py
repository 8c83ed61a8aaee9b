"""What the roll-up views share: the month a request names and the centers the user may see."""

from datetime import date

from flask import abort, request
from flask_login import current_user

from ...auth.permissions import may_see_center, visible_center_ids
from ...core.timeutil import local_today
from ...records.logic import caseclock
from ...records.models import CASE_STATES
from ..logic.figures import next_month, pct, previous_month, score_text

PURPOSE = "statistics"


def parse_month() -> tuple[int, int]:
    """(year, month) from ?month=YYYY-MM, default the current month (anything else: the current month)."""
    today = local_today()
    try:
        y, m = (int(x) for x in request.args.get("month", "").split("-"))
        date(y, m, 1)
        if not 2000 <= y <= 2100:
            raise ValueError
        return y, m
    except (ValueError, TypeError):
        return today.year, today.month


def visible_ids() -> list[int]:
    return visible_center_ids(current_user, PURPOSE)


def center_or_404(center_id: int) -> None:
    """A center the user may not see answers 404, as a missing one (no existence leak)."""
    if not may_see_center(current_user, center_id, PURPOSE):
        abort(404)


def month_context(year: int, month: int, cases: bool = False) -> dict:
    """What every roll-up page shows beside its figures: the month, the links to the months around it,
    the number formats; for a case list the light and state labels too."""
    py, pm = previous_month(year, month)
    ny, nm = next_month(year, month)
    out = {
        "year": year,
        "month": month,
        "month_key": f"{year:04d}-{month:02d}",
        "prev_key": f"{py:04d}-{pm:02d}",
        "next_key": f"{ny:04d}-{nm:02d}",
        "pct": pct,
        "score": score_text,
    }
    if cases:
        out.update(states=CASE_STATES, light=caseclock.light, labels=caseclock.LIGHT_LABELS, today=local_today())
    return out
