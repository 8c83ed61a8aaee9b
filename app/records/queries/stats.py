"""Case statistics (办件情况统计表) as SQL aggregates over the stored, indexed case dates.

Per window and period: received (收件), 即办件 received, completed (办结, incl. 不予受理;
撤销 excluded), on time (completed_on ≤ due_on), early (working days used < committed limit),
overdue, average working days used and 实际提速率 = (Σ limit − Σ used) / Σ limit over timed cases.
"""
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import case, func, select

from ...core import cache
from ...extensions import db
from ..models import CASE_WITHDRAWN, Case, Window
from . import month_bounds


@dataclass
class StatRow:
    window_id: int | None
    label: str = ""
    received: int = 0
    instant: int = 0
    completed: int = 0
    on_time: int = 0
    early: int = 0
    overdue: int = 0
    timed: int = 0  # completed cases with a committed limit
    used_sum: int = 0
    limit_sum: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def on_time_rate(self):
        return self.on_time / self.completed if self.completed else None

    @property
    def early_rate(self):
        return self.early / self.timed if self.timed else None

    @property
    def instant_rate(self):
        return self.instant / self.received if self.received else None

    @property
    def avg_used(self):
        return self.used_sum / self.timed if self.timed else None

    @property
    def speedup_rate(self):
        return (self.limit_sum - self.used_sum) / self.limit_sum if self.limit_sum else None

    def add(self, other: "StatRow") -> None:
        for name in ("received", "instant", "completed", "on_time", "early", "overdue", "timed", "used_sum", "limit_sum"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _sum(cond):
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def period_stats(first: date, last: date, window_id: int | None = None) -> dict[int, StatRow]:
    """{window_id: StatRow} for cases received / completed between first and last (inclusive).
    Kept between requests until a case changes (app/core/cache.py, topic "records.cases"): at two
    million cases a year's totals are two GROUP BYs over ~200,000 rows, computed once per change
    instead of on every view. Each call gets its own rows (the caller may label and add them)."""
    kept = cache.cached("records.cases", ("records.period_stats", first, last, window_id),
                        lambda: _grouped_stats(first, last, window_id, Case.window_id, Case.window_id))
    return {key: replace(row) for key, row in kept.items()}


def _grouped_stats(first: date, last: date, window_id: int | None, received_key, completed_key) -> dict:
    """{key: StatRow}: the received figures grouped by `received_key`, the completed ones by
    `completed_key` (the window, or the month of the date), in two statements."""
    rows: dict = {}
    received = (
        select(received_key, func.count(), _sum(Case.is_instant.is_(True)))
        .where(Case.received_on.between(first, last), Case.voided_at.is_(None))
        .group_by(received_key)
    )
    if window_id is not None:
        received = received.where(Case.window_id == window_id)
    for key, n, instant in db.session.execute(received):
        rows[key] = StatRow(key, received=n, instant=instant)
    timed = Case.is_instant.is_(False)
    completed = (
        select(
            completed_key,
            func.count(),
            _sum(Case.completed_on <= Case.due_on),
            _sum(timed & (Case.used_days < Case.limit_days)),
            _sum(Case.completed_on > Case.due_on),
            _sum(timed),
            func.coalesce(func.sum(case((timed, Case.used_days), else_=0)), 0),
            func.coalesce(func.sum(case((timed, Case.limit_days), else_=0)), 0),
        )
        .where(Case.completed_on.between(first, last), Case.state != CASE_WITHDRAWN, Case.voided_at.is_(None))
        .group_by(completed_key)
    )
    if window_id is not None:
        completed = completed.where(Case.window_id == window_id)
    for key, n, on_time, early, overdue, n_timed, used, limit in db.session.execute(completed):
        row = rows.setdefault(key, StatRow(key))
        row.completed, row.on_time, row.early, row.overdue = n, on_time, early, overdue
        row.timed, row.used_sum, row.limit_sum = n_timed, used, limit
    return rows


def table(first: date, last: date, windows: list[Window] | None = None) -> tuple[list[StatRow], StatRow]:
    """Rows in window order (windows without cases included when `windows` is given) and a total."""
    by_window = period_stats(first, last)
    if windows is None:
        ids = list(by_window)
        windows = list(db.session.scalars(select(Window).where(Window.id.in_(ids)))) if ids else []
        windows.sort(key=lambda w: (len(w.number), w.number))
    out, total = [], StatRow(None, label="合计")
    for w in windows:
        row = by_window.get(w.id, StatRow(w.id))
        row.label = w.label
        total.add(row)
        out.append(row)
    return out, total


def month_table(year: int, month: int, windows=None):
    return table(*month_bounds(year, month), windows)


def year_table(year: int, windows=None):
    return table(date(year, 1, 1), date(year, 12, 31), windows)


def monthly_series(year: int, window_id: int | None = None) -> list[StatRow]:
    """Twelve StatRows (one per month of the year) for the whole center or one window."""
    by_month = cache.cached("records.cases", ("records.monthly_series", year, window_id), lambda: {
        int(month): row for month, row in _grouped_stats(
            date(year, 1, 1), date(year, 12, 31), window_id,
            func.extract("month", Case.received_on), func.extract("month", Case.completed_on)).items()})
    out = []
    for month in range(1, 13):  # one grouped pair of statements for the twelve months (was 24)
        total = StatRow(None, label=f"{month}月")
        if month in by_month:
            total.add(by_month[month])
        out.append(total)
    return out


def pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
