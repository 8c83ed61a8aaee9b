"""年度“服务标兵” (annual roll-up of the period results), rule SF-ZD-018 A/1. Pure: no Flask, no
database.

What the rule says and how it is read here:
- 第五条: each January the annual title is decided "根据上一年度各期评选结果和全年考核成绩汇总".
  So only people selected in at least one final period of the year are considered, ordered by
  (1) the number of periods they were selected in, then (2) 全年考核成绩 (the average of their
  monthly personal scores over the assessed months of the year).
- The rule names no further tie-break for the year; by analogy with 第十一条 (综合得分, then
  民主测评) the next keys are (3) the average combined score and (4) the average ballot score
  over the periods they were selected in. People equal on all four are marked as tied.
- 第八条: 5 late/early marks (迟到、早退) in the year bar the annual title (ExemplarRules.year_max_late).
  A valid complaint is not an annual bar in the rule's text (it bars a period, 第七条, and is
  already applied there), so it is not applied again.
- 第六条 sets the quota per period (≤ 10 % of the staff on duty, at least one, one per window);
  the rule gives no annual quota, so the same computation is applied to the year by analogy.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .schemes import ExemplarRules
from .selection import quota


@dataclass(frozen=True)
class PeriodResult:
    """One person's outcome in one final period (a nomination that was not withdrawn)."""

    period: str  # e.g. 2026年3月
    order: int  # chronological position of the period in the year (for the latest window)
    staff_id: int
    name: str
    window_id: int
    window_name: str
    selected: bool
    combined: float = 0.0
    ballot_score: float = 0.0


@dataclass(frozen=True)
class YearFacts:
    """A person's year: 全年考核成绩 (None when no month of the year was assessed) and late marks."""

    year_score: float | None = None
    late_year: int = 0


@dataclass
class AnnualRow:
    staff_id: int
    name: str
    window_id: int
    window_name: str
    periods: list[str]  # the periods the person was selected in
    year_score: float | None
    avg_combined: float
    avg_ballot: float
    late_year: int = 0
    barred: list[str] = field(default_factory=list)
    rank: int = 0
    selected: bool = False
    note: str = ""
    reasons: list[str] = field(default_factory=list)  # the reasoning shown on the page

    @property
    def times(self) -> int:
        return len(self.periods)

    def key(self) -> tuple:
        return (
            -self.times,
            -(self.year_score if self.year_score is not None else -1.0),
            -self.avg_combined,
            -self.avg_ballot,
        )


def _avg(values: list[float]) -> float:
    return round(sum(values) / len(values), 2) if values else 0.0


def roll_up(
    results: Iterable[PeriodResult],
    facts: Mapping[int, YearFacts],
    rules: ExemplarRules,
    staff_on_duty: int,
    windows: int,
) -> list[AnnualRow]:
    """The year's candidates in order, with `selected` on the annual 服务标兵 and the reasoning."""
    mine: dict[int, list[PeriodResult]] = {}
    for r in results:
        if r.selected:
            mine.setdefault(r.staff_id, []).append(r)
    rows = []
    for sid, rs in mine.items():
        rs = sorted(rs, key=lambda r: r.order)
        latest = rs[-1]
        f = facts.get(sid, YearFacts())
        row = AnnualRow(
            sid,
            latest.name,
            latest.window_id,
            latest.window_name,
            [r.period for r in rs],
            f.year_score,
            _avg([r.combined for r in rs]),
            _avg([r.ballot_score for r in rs]),
            f.late_year,
        )
        if rules.year_max_late and f.late_year >= rules.year_max_late:
            row.barred.append(f"全年迟到、早退 {f.late_year} 次，达到 {rules.year_max_late} 次（第八条）")
        row.reasons.append(f"当选 {row.times} 期：" + "、".join(row.periods))
        row.reasons.append(
            "全年考核成绩 " + (f"{f.year_score:g} 分" if f.year_score is not None else "无（全年未考核）")
        )
        row.reasons.append(f"当选各期平均综合得分 {row.avg_combined:g}，平均民主测评得分 {row.avg_ballot:g}")
        rows.append(row)
    ordered = sorted(rows, key=lambda r: (bool(r.barred), r.key(), r.staff_id))
    limit = quota(staff_on_duty, windows, rules)
    per_window: Counter = Counter()
    chosen = 0
    for i, row in enumerate(ordered):
        row.rank = i + 1
        if row.barred:
            row.note = "不得参评：" + "；".join(row.barred)
            continue
        twins = [o.name for o in ordered if o is not row and not o.barred and o.key() == row.key()]
        if chosen >= limit:
            row.note = "超出名额"
        elif rules.per_window and per_window[row.window_id] >= rules.per_window:
            row.note = "本窗口已有人当选"
        else:
            row.selected = True
            per_window[row.window_id] += 1
            chosen += 1
        if twins:
            row.note = (
                (row.note + "；" if row.note else "")
                + "与"
                + "、".join(twins)
                + "各项完全相同，名次须经主任办公例会审定"
            )
    return ordered


def annual_quota(staff_on_duty: int, windows: int, rules: ExemplarRules) -> int:
    return quota(staff_on_duty, windows, rules)
