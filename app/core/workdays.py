"""Working days in mainland China: weekends, public holidays and make-up workdays (调休).

The calendar comes from the maintained `chinesecalendar` package (import chinese_calendar),
which publishes the State Council's yearly holiday notice; upgrading the package updates the
calendar. It covers 2004–2026 in version 1.11. For a year it does not cover, we fall back to
Monday–Friday minus the fixed-date statutory holidays (1 January, 1 May, 1–3 October) and log a
warning once per year: the lunar holidays (春节, 清明, 端午, 中秋) and the make-up workdays of such
a year are then unknown, so deadlines there are approximate until the package is upgraded.

The calendar is swappable: `set_calendar(cal)` installs any object with `is_workday(date)`,
e.g. a `TableCalendar` built from a hand-maintained list of holidays and make-up days, or
`Calendar(overrides={date: bool})` to correct single days without waiting for a package release.

No Flask, no database. Counting conventions (used by the case clock):
- add_workdays(d, n): the n-th working day after d (d itself not counted); n=0 returns d;
  negative n counts backwards.
- workdays_between(a, b): the number of working days in (a, b] (a excluded, b included);
  negative when b < a.
"""

import logging
from datetime import date, timedelta
from functools import lru_cache

log = logging.getLogger(__name__)

FIXED_HOLIDAYS = {(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)}


class Calendar:
    """The chinese_calendar package, with per-day overrides and a fixed-date fallback."""

    def __init__(self, overrides: dict | None = None):
        self.overrides = dict(overrides or {})
        self._warned: set[int] = set()
        try:
            import chinese_calendar

            self._cc = chinese_calendar
        except ImportError:  # pragma: no cover - the package is a requirement
            self._cc = None

    def covers(self, year: int) -> bool:
        if self._cc is None:
            return False
        try:
            self._cc.is_workday(date(year, 6, 1))
            return True
        except NotImplementedError:
            return False

    def is_workday(self, d: date) -> bool:
        if d in self.overrides:
            return bool(self.overrides[d])
        if self._cc is not None:
            try:
                return bool(self._cc.is_workday(d))
            except NotImplementedError:
                pass
        if d.year not in self._warned:
            self._warned.add(d.year)
            log.warning(
                "chinesecalendar has no data for %s: using Mon-Fri minus fixed-date holidays; "
                "upgrade the package for that year's 春节/调休",
                d.year,
            )
        return fallback_is_workday(d)


class TableCalendar:
    """A calendar from explicit lists: holidays (off) and make-up workdays (on), else Mon–Fri."""

    def __init__(self, holidays=(), makeup_workdays=()):
        self.holidays = set(holidays)
        self.makeup = set(makeup_workdays)

    def is_workday(self, d: date) -> bool:
        if d in self.makeup:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5


def fallback_is_workday(d: date) -> bool:
    return d.weekday() < 5 and (d.month, d.day) not in FIXED_HOLIDAYS


_calendar = Calendar()


def set_calendar(cal) -> None:
    """Install another calendar (anything with is_workday(date)); clears the caches."""
    global _calendar
    _calendar = cal
    _year_table.cache_clear()


def get_calendar():
    return _calendar


@lru_cache(maxsize=64)
def _year_table(year: int) -> tuple:
    """(flags, cumulative): per day of the year, workday flag and count of workdays up to it."""
    start = date(year, 1, 1)
    days = (date(year + 1, 1, 1) - start).days
    flags, cum, n = [], [], 0
    for i in range(days):
        w = _calendar.is_workday(start + timedelta(days=i))
        n += w
        flags.append(w)
        cum.append(n)
    return tuple(flags), tuple(cum)


def is_workday(d: date) -> bool:
    flags, _ = _year_table(d.year)
    return flags[d.timetuple().tm_yday - 1]


def workday_number(d: date) -> int:
    """Working days from 2004-01-01 (the package's first year) up to and including d."""
    n = 0
    for y in range(2004, d.year):
        n += _year_table(y)[1][-1]
    return n + _year_table(d.year)[1][d.timetuple().tm_yday - 1]


def workdays_between(a: date, b: date) -> int:
    """Working days in (a, b]; negative if b < a."""
    if b < a:
        return -workdays_between(b, a)
    if a.year == b.year:
        cum = _year_table(a.year)[1]
        return cum[b.timetuple().tm_yday - 1] - cum[a.timetuple().tm_yday - 1]
    n = _year_table(a.year)[1][-1] - _year_table(a.year)[1][a.timetuple().tm_yday - 1]
    for y in range(a.year + 1, b.year):
        n += _year_table(y)[1][-1]
    return n + _year_table(b.year)[1][b.timetuple().tm_yday - 1]


def add_workdays(start: date, n: int) -> date:
    """The n-th working day after `start` (n > 0), before it (n < 0), or `start` itself (n == 0)."""
    d, step, left = start, (1 if n > 0 else -1), abs(n)
    while left:
        d += timedelta(days=step)
        if is_workday(d):
            left -= 1
    return d


def next_workday(d: date) -> date:
    """d itself when it is a working day, else the next working day."""
    while not is_workday(d):
        d += timedelta(days=1)
    return d
