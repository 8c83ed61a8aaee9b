"""The window service evaluation of GB/T 32169.4-2015 (政务服务中心运行规范 第4部分：窗口服务评价要求),
section 6, computed per window and month from the records. Pure: no Flask, no database.

The four indicator groups and how they are read here (the standard names them; the counting
rules below are this system's, stated on the page):
- 办事效率: cases closed (办结, 不予受理 or withdrawn, as the records count them) in the month on time (completed on or before the due date) and early
  (before it), as shares of those completed; the share of 即办件 among the cases received.
- 窗口服务满意率: 好差评 given in the month graded 3 (基本满意) or better, as a share of all.
- 异常办理: cases completed late in the month; cases refused or not accepted in the month without
  a written reason; cases whose clock stood still (补正 / 暂停) longer than their committed limit.
- 投诉处理: complaints received in the month, those found valid (upheld), and those answered by
  their deadline (as a share of those with a deadline that has passed or been answered).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

GROUPS = ("办事效率", "窗口服务满意率", "异常办理", "投诉处理")
SATISFIED_FROM = 3  # 基本满意 and better


@dataclass(frozen=True)
class CaseRow:
    received_on: date
    is_instant: bool = False
    completed_on: date | None = None
    due_on: date | None = None
    refused: bool = False  # 不予受理, or completed with outcome refused
    refused_on: date | None = None
    reason: str = ""  # the written reason of a refusal
    stopped_workdays: int = 0
    limit_days: int = 0


@dataclass(frozen=True)
class ComplaintRow:
    received_on: date
    valid: bool | None = None
    deadline_on: date | None = None
    replied_on: date | None = None


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass
class WindowEvaluation:
    window_id: int
    name: str
    received: int = 0
    instant: int = 0
    completed: int = 0
    on_time: int = 0
    early: int = 0
    ratings: int = 0
    satisfied: int = 0
    overdue: int = 0
    refused_without_reason: int = 0
    over_suspended: int = 0
    complaints: int = 0
    upheld: int = 0
    complaints_due: int = 0
    answered_on_time: int = 0
    improvements: list[str] = field(default_factory=list)

    @property
    def on_time_rate(self):
        return _rate(self.on_time, self.completed)

    @property
    def early_rate(self):
        return _rate(self.early, self.completed)

    @property
    def instant_share(self):
        return _rate(self.instant, self.received)

    @property
    def satisfaction_rate(self):
        return _rate(self.satisfied, self.ratings)

    @property
    def abnormal(self) -> int:
        return self.overdue + self.refused_without_reason + self.over_suspended

    @property
    def complaint_on_time_rate(self):
        return _rate(self.answered_on_time, self.complaints_due)


def evaluate(
    window_id: int,
    name: str,
    first: date,
    last: date,
    today: date,
    cases: list[CaseRow],
    grades: list[int],
    complaints: list[ComplaintRow],
) -> WindowEvaluation:
    """One window's month [first, last]; days after `today` have not happened yet."""
    ev = WindowEvaluation(window_id, name)
    seen = min(last, today)
    for c in cases:
        if first <= c.received_on <= last:
            ev.received += 1
            ev.instant += bool(c.is_instant)
        if c.completed_on and first <= c.completed_on <= last:
            ev.completed += 1
            if c.due_on is None or c.completed_on <= c.due_on:
                ev.on_time += 1
                ev.early += bool(c.due_on and c.completed_on < c.due_on)
            else:
                ev.overdue += 1
        if c.refused and c.refused_on and first <= c.refused_on <= last and not (c.reason or "").strip():
            ev.refused_without_reason += 1
        if c.limit_days and c.stopped_workdays > c.limit_days and first <= (c.completed_on or seen) <= last:
            ev.over_suspended += 1
    ev.ratings = len(grades)
    ev.satisfied = sum(1 for g in grades if g >= SATISFIED_FROM)
    for k in complaints:
        ev.complaints += 1
        ev.upheld += bool(k.valid)
        if k.deadline_on is not None and (k.replied_on is not None or k.deadline_on < seen):
            ev.complaints_due += 1
            ev.answered_on_time += bool(k.replied_on is not None and k.replied_on <= k.deadline_on)
    ev.improvements = improvement_points(ev)
    return ev


def improvement_points(ev: WindowEvaluation) -> list[str]:
    """改进提高: what the figures ask of the window, in the standard's order."""
    out = []
    if ev.on_time_rate is not None and ev.on_time_rate < 100:
        out.append(f"办事效率：按时办结率 {ev.on_time_rate:g}%，{ev.overdue} 件超时办结，查找超时原因")
    if ev.satisfaction_rate is not None and ev.satisfaction_rate < 95:
        out.append(f"服务满意：满意率 {ev.satisfaction_rate:g}%，逐件回访差评并整改")
    if ev.refused_without_reason:
        out.append(f"异常办理：{ev.refused_without_reason} 件不予受理或不予许可未写明理由，须书面告知理由")
    if ev.over_suspended:
        out.append(f"异常办理：{ev.over_suspended} 件暂停计时超过承诺时限，规范补正和暂停")
    if ev.complaint_on_time_rate is not None and ev.complaint_on_time_rate < 100:
        out.append(f"投诉处理：按时答复率 {ev.complaint_on_time_rate:g}%，按期答复投诉人")
    return out
