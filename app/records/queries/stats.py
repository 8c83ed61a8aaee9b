"""Case statistics (办件情况统计表) as SQL aggregates over the stored, indexed case dates.

Per window and period: received (收件), 即办件 received, completed (办结, incl. 不予受理;
撤销 excluded), on time (completed_on ≤ due_on), early (working days used < committed limit),
overdue, average working days used and 实际提速率 = (Σ limit − Σ used) / Σ limit over timed cases.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import case, func, inspect, select

from ...core import cache
from ...extensions import db
from ..logic.summary import FIGURES
from ..models import CASE_WITHDRAWN, Case, CaseSummary, Window
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
        for name in (
            "received",
            "instant",
            "completed",
            "on_time",
            "early",
            "overdue",
            "timed",
            "used_sum",
            "limit_sum",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _sum(cond):
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


MONTH_TOPIC = "records.cases.{:04d}-{:02d}"  # one stamp per month of case dates (see wiring.py)
ALL_MONTHS = "records.cases.all"  # bulk statements on cases, and cases whose dates were not loaded


def months_of_case(case) -> set[str]:
    """The month topics a changed case moves on: the months of its received and completed dates,
    the values before the change and after; every month when a date's history is not loaded."""
    state = inspect(case)
    topics = set()
    for name in ("received_on", "completed_on"):
        history = state.attrs[name].history
        if not (history.added or history.unchanged or history.deleted) and name in state.unloaded:
            return {ALL_MONTHS}
        for day in (*history.added, *history.unchanged, *history.deleted):
            if day is not None:
                topics.add(MONTH_TOPIC.format(day.year, day.month))
    return topics


def _month_topics(year: int, month: int) -> tuple[str, str]:
    return MONTH_TOPIC.format(year, month), ALL_MONTHS


def _months_of_year(year: int) -> dict[int, dict]:
    """{month: {window_id: StatRow}} for the year's twelve months, read from the case summary
    (rec_case_summary, kept with every case change: services/summary.py) in one statement of at
    most windows × 12 rows, and each month kept per worker under its month's topic: after a
    change only the months it touched are read again."""
    key = ("records.month_rows",)
    months = {m: cache.peek(_month_topics(year, m), key + (year, m)) for m in range(1, 13)}
    missing = [m for m, rows in months.items() if rows is cache.MISSING]
    if missing:
        read = summary_months(year, missing)
        for m in missing:
            months[m] = read[m]
            cache.put(_month_topics(year, m), key + (year, m), months[m])
    return months


def summary_months(year: int, months: list[int]) -> dict[int, dict]:
    """{month: {window_id: StatRow}} of the summary rows of the year's `months` (the centers seen:
    scoped like every read; a window's rows of several centers cannot meet, a window has one)."""
    out: dict[int, dict] = {m: {} for m in months}
    t = CaseSummary
    stmt = select(t.month, t.window_id, *[getattr(t, f) for f in FIGURES]).where(
        t.year == year, t.month.in_(months), (t.received != 0) | (t.completed != 0)
    )
    for month, window_id, *figures in db.session.execute(stmt):
        row = out[month].setdefault(window_id, StatRow(window_id))
        row.add(StatRow(window_id, **dict(zip(FIGURES, figures, strict=True))))
    return out


def _sum_months(months: list[dict], window_id: int | None) -> dict[int, StatRow]:
    out: dict[int, StatRow] = {}
    for rows in months:
        for wid, row in rows.items():
            if window_id is None or wid == window_id:
                out.setdefault(wid, StatRow(wid)).add(row)
    return out


def period_stats(first: date, last: date, window_id: int | None = None) -> dict[int, StatRow]:
    """{window_id: StatRow} for cases received / completed between first and last (inclusive).
    A calendar month or year is summed from the case summary's months (see _months_of_year): at
    two million cases a year's totals were two GROUP BYs over ~200,000 rows on every view, now at
    most 720 summary rows once per change of a month. Other periods are kept until any case changes. Each call gets its
    own rows (the caller may label and add them)."""
    if first.day == 1 and first.year == last.year:
        if first.month == 1 and (last.month, last.day) == (12, 31):
            return _sum_months(list(_months_of_year(first.year).values()), window_id)
        if (first, last) == month_bounds(first.year, first.month):
            return _sum_months([_months_of_year(first.year)[first.month]], window_id)
    kept = cache.cached(
        ("records.cases",),
        ("records.period_stats", first, last, window_id),
        lambda: _grouped_stats(first, last, window_id, (Case.window_id,), (Case.window_id,)),
    )
    return {key: replace(row) for key, row in kept.items()}


def _grouped_stats(first: date, last: date, window_id: int | None, received_keys: tuple, completed_keys: tuple) -> dict:
    """{key: StatRow}: the received figures grouped by `received_keys`, the completed ones by
    `completed_keys` (the window, or the month of the date and the window), in two statements;
    a key is the one grouped value, or the tuple of them."""
    rows: dict = {}
    n_keys = len(received_keys)

    def split(values):
        return (values[0] if n_keys == 1 else tuple(values[:n_keys])), values[n_keys:]

    received = (
        select(*received_keys, func.count(), _sum(Case.is_instant.is_(True)))
        .where(Case.received_on.between(first, last), Case.voided_at.is_(None))
        .group_by(*received_keys)
    )
    if window_id is not None:
        received = received.where(Case.window_id == window_id)
    for values in db.session.execute(received):
        key, (n, instant) = split(values)
        rows[key] = StatRow(key, received=n, instant=instant)
    timed = Case.is_instant.is_(False)
    completed = (
        select(
            *completed_keys,
            func.count(),
            _sum(Case.completed_on <= Case.due_on),
            _sum(timed & (Case.used_days < Case.limit_days)),
            _sum(Case.completed_on > Case.due_on),
            _sum(timed),
            func.coalesce(func.sum(case((timed, Case.used_days), else_=0)), 0),
            func.coalesce(func.sum(case((timed, Case.limit_days), else_=0)), 0),
        )
        .where(Case.completed_on.between(first, last), Case.state != CASE_WITHDRAWN, Case.voided_at.is_(None))
        .group_by(*completed_keys)
    )
    if window_id is not None:
        completed = completed.where(Case.window_id == window_id)
    for values in db.session.execute(completed):
        key, (n, on_time, early, overdue, n_timed, used, limit) = split(values)
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
    """Twelve StatRows (one per month of the year) for the whole center or one window, from the
    months kept per month (no statement while they hold; was 24 aggregates on every view)."""
    months = _months_of_year(year)
    out = []
    for month in range(1, 13):
        total = StatRow(None, label=f"{month}月")
        for row in _sum_months([months[month]], window_id).values():
            total.add(row)
        out.append(total)
    return out


def period_table(year: int, month: int | None):
    """(rows, total) of the month, or with month None of the whole year."""
    return year_table(year) if month is None else month_table(year, month)


def page_tables(year: int, month: int | None) -> dict:
    """The statistics page's tables: the period's rows and total; for a month also the year's."""
    rows, total = period_table(year, month)
    if month is None:
        return {"rows": rows, "total": total}
    year_rows, year_total = year_table(year)
    return {"rows": rows, "total": total, "year_rows": year_rows, "year_total": year_total}


def pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
