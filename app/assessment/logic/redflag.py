"""Ranking and the rotating red flag (流动红旗). Pure: no Flask, no database.

A month's ranking orders windows by score, then by fewer deductions, then by larger case
volume; windows equal on all three share a place. Red flags go to the best windows at or above
the threshold that are not barred, up to the number the rules allow (top N, a share of the
windows, or the smaller of the two; at least `minimum`). Windows tied with the last one flagged
also get a flag: a tie is not broken by chance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .schemes import RedFlagRules


@dataclass(frozen=True)
class WindowMonth:
    window_id: int
    name: str
    total: float
    deductions: float = 0.0
    vetoed: bool = False
    valid_complaints: int = 0
    red_cases: int = 0
    unresolved_bad_ratings: int = 0
    case_volume: int = 0
    breakdown: dict = field(default_factory=dict, compare=False, hash=False)
    bonus: float = 0.0  # 加分 (after the scheme's cap), shown beside the deductions


@dataclass
class Ranked:
    rank: int
    row: WindowMonth
    flag: bool = False
    barred: list[str] = field(default_factory=list)
    last: bool = False


@dataclass
class MonthOutcome:
    ranking: list[Ranked]
    flags: list[int]  # window ids, best first
    flag_quota: int
    last_place: list[int]

    def by_window(self) -> dict[int, Ranked]:
        return {r.row.window_id: r for r in self.ranking}


def _key(row: WindowMonth):
    return (-row.total, row.deductions, -row.case_volume)


def rank(rows: Iterable[WindowMonth]) -> list[Ranked]:
    """Competition ranking (1, 2, 2, 4): equal on score, deductions and case volume share a place."""
    ordered = sorted(rows, key=lambda r: (_key(r), r.window_id))
    out: list[Ranked] = []
    for i, row in enumerate(ordered):
        if out and _key(out[-1].row) == _key(row):
            out.append(Ranked(out[-1].rank, row))
        else:
            out.append(Ranked(i + 1, row))
    return out


def flag_quota(n_windows: int, rules: RedFlagRules) -> int:
    """How many flags a month may give: top N, a share of the windows, or the smaller of both;
    never fewer than `minimum` (while there are windows) nor more than there are windows."""
    if n_windows <= 0:
        return 0
    raw = rules.share * n_windows
    if rules.rounding == "ceil":
        by_share = math.ceil(raw - 1e-9)
    elif rules.rounding == "round":
        by_share = int(math.floor(raw + 0.5 + 1e-9))  # half up, not banker's rounding
    else:
        by_share = math.floor(raw + 1e-9)
    if rules.mode == "top_n":
        n = rules.top_n
    elif rules.mode == "share":
        n = by_share
    else:
        n = min(rules.top_n, by_share)
    return min(n_windows, max(rules.minimum, n))


def bars(row: WindowMonth, rules: RedFlagRules, last_before: bool) -> list[str]:
    """The reasons a window may not have the flag this month (empty when it may)."""
    reasons = []
    if rules.bar_veto and row.vetoed:
        reasons.append("一票否决")
    if rules.bar_valid_complaint and row.valid_complaints:
        reasons.append("有有效投诉")
    if rules.bar_red_case and row.red_cases:
        reasons.append("有红灯办件")
    if rules.bar_unresolved_bad_rating and row.unresolved_bad_ratings:
        reasons.append("有未整改的差评")
    if rules.bar_last_place_before and last_before:
        reasons.append("上月排名末位")
    if row.total < rules.threshold:
        reasons.append(f"得分低于 {rules.threshold:g} 分")
    return reasons


def select_month(
    rows: Sequence[WindowMonth], rules: RedFlagRules, last_place_before: Iterable[int] = ()
) -> MonthOutcome:
    """Rank a month and pick its red flags."""
    ranking = rank(rows)
    last_before = set(last_place_before)
    quota = flag_quota(len(ranking), rules)
    flags: list[int] = []
    cut_key = None
    for r in ranking:
        r.barred = bars(r.row, rules, r.row.window_id in last_before)
        if r.barred:
            continue
        if len(flags) < quota or (cut_key is not None and _key(r.row) == cut_key):
            r.flag = True
            flags.append(r.row.window_id)
            cut_key = _key(r.row)
    last: list[int] = []
    if ranking:
        worst = ranking[-1].rank
        for r in ranking:
            if r.rank == worst:
                r.last = True
                last.append(r.row.window_id)
    return MonthOutcome(ranking, flags, quota, last)


# ---------------------------------------------------------------------- over months
def last_place_warnings(last_places: Sequence[Iterable[int]], rules: RedFlagRules) -> dict[int, tuple[int, str]]:
    """Given the last-place windows of consecutive months (oldest first, ending with the month
    in question), the warning each window at the end earns: (months running, level)."""
    runs: dict[int, int] = {}
    for month in last_places:
        month = set(month)
        runs = {w: runs.get(w, 0) + 1 for w in month}
    out = {}
    for w, n in runs.items():
        if n >= rules.last_place_department:
            out[w] = (n, "通报派驻单位")
        elif n >= rules.last_place_internal:
            out[w] = (n, "中心内部通报")
    return out


@dataclass
class PeriodRow:
    window_id: int
    name: str
    average: float
    months: int
    vetoed: bool
    last_places: int
    flag: bool = False
    barred: list[str] = field(default_factory=list)
    rank: int = 0


def period_flags(
    months: Sequence[Sequence[WindowMonth]],
    last_places: Sequence[Iterable[int]],
    n: int,
    rules: RedFlagRules,
    annual: bool = False,
) -> list[PeriodRow]:
    """Quarterly or annual flags by the average of the monthly scores. A veto in any month of
    the period bars it; for the year, `year_last_place_bar` last places bar it too."""
    acc: dict[int, dict] = {}
    for month in months:
        for row in month:
            a = acc.setdefault(row.window_id, {"name": row.name, "sum": 0.0, "n": 0, "veto": False, "ded": 0.0})
            a["sum"] += row.total
            a["n"] += 1
            a["ded"] += row.deductions
            a["veto"] = a["veto"] or row.vetoed
    lasts: dict[int, int] = {}
    for month in last_places:
        for w in set(month):
            lasts[w] = lasts.get(w, 0) + 1
    rows = []
    for w, a in acc.items():
        rows.append(PeriodRow(w, a["name"], round(a["sum"] / a["n"], 2), a["n"], a["veto"], lasts.get(w, 0)))
    rows.sort(key=lambda r: (-r.average, r.window_id))
    given = 0
    for i, r in enumerate(rows):
        r.rank = i + 1 if i == 0 or rows[i - 1].average != r.average else rows[i - 1].rank
        if rules.bar_veto and r.vetoed:
            r.barred.append("期内有一票否决")
        if annual and r.last_places >= rules.year_last_place_bar:
            r.barred.append(f"年内 {r.last_places} 次排名末位")
        if r.average < rules.threshold:
            r.barred.append(f"平均分低于 {rules.threshold:g} 分")
        if not r.barred and given < n:
            r.flag = True
            given += 1
    return rows


@dataclass
class FlagHistory:
    window_id: int
    months: list[str]  # "2026-01", ...
    current_streak: int
    longest_streak: int
    honours: int


def histories(
    month_keys: Sequence[str], flags_by_month: Sequence[Iterable[int]], rules: RedFlagRules
) -> dict[int, FlagHistory]:
    """Each window's flags over consecutive months (oldest first), streaks, and honours (one
    for every `honour_streak` flags in a row)."""
    out: dict[int, FlagHistory] = {}
    running: dict[int, int] = {}
    for key, flags in zip(month_keys, flags_by_month, strict=False):
        flags = set(flags)
        for w in flags:
            h = out.setdefault(w, FlagHistory(w, [], 0, 0, 0))
            h.months.append(key)
            running[w] = running.get(w, 0) + 1
            h.longest_streak = max(h.longest_streak, running[w])
            if rules.honour_streak and running[w] % rules.honour_streak == 0:
                h.honours += 1
        for w in list(running):
            if w not in flags:
                running[w] = 0
    for w, h in out.items():
        h.current_streak = running.get(w, 0)
    return out
