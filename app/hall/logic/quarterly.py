"""季评公示 (seed 002): each quarter departments and windows are rated by the public and by the
效能监督员 (external efficiency supervisors). Combined score = 50 % public + 50 % supervisors
*(default; seed 002 gives no weights)*, each on 0–100; ranked high to low, ties by the
supervisors' score. Results go out as a notice with 公示 of 5 working days *(default, as the
monthly results)* during which a window may appeal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...core.workdays import add_workdays

PUBLIC_WEIGHT = 50
SUPERVISOR_WEIGHT = 50
PUBLICITY_WORKDAYS = 5


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("季度应为 1 至 4。")
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    from datetime import timedelta

    return start, end - timedelta(days=1)


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


@dataclass(frozen=True)
class Ranked:
    window_id: int
    public: float | None
    supervisors: float | None
    combined: float | None
    place: int | None


def combine(public: float | None, supervisors: float | None, public_weight: int = PUBLIC_WEIGHT) -> float | None:
    if public is None and supervisors is None:
        return None
    if public is None:
        return round(supervisors, 1)
    if supervisors is None:
        return round(public, 1)
    return round((public * public_weight + supervisors * (100 - public_weight)) / 100, 1)


def rank(scores: dict[int, tuple[float | None, float | None]], public_weight: int = PUBLIC_WEIGHT) -> list[Ranked]:
    rows = [(w, p, s, combine(p, s, public_weight)) for w, (p, s) in scores.items()]
    rows.sort(key=lambda r: (r[3] is None, -(r[3] or 0), -(r[2] or 0), r[0]))
    out, place = [], 0
    for w, p, s, c in rows:
        place = place + 1 if c is not None else None
        out.append(Ranked(w, p, s, c, place))
    return out


def publicity_end(published_on: date, workdays: int = PUBLICITY_WORKDAYS) -> date:
    return add_workdays(published_on, workdays)
