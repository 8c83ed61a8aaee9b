"""联办件 / 并联审批: one lead window (牵头) and co-windows (协办), each with its own stage.

Rules (限时办结制, 超时默许制 of the center):
- A stage starts on the day the lead sends it (started_on) and has its own limit in working days;
  its due date is the limit-th working day after the start (app.core.workdays, 调休 included).
- The case's deadline is the lead's commitment: the lead stage's due date. Co-window stages do
  not move it, so a co-window's lateness cannot be passed on to the applicant.
- Each open stage carries a light like a case (app.records caseclock LightPolicy: yellow when at
  most max(1, ceil(20 % x limit)) working days remain, red when overdue).
- 超时默许: a co-window stage with no answer by the end of its due day is deemed to consent from
  the next working day on; the lead may proceed, and the late window is charged (one scoring
  entry per deemed consent). An answer given after the due date is also charged as late, but it
  is not a deemed consent (its content stands).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...core.workdays import add_workdays, next_workday, workdays_between
from ...records.logic.caseclock import LightPolicy

LEAD, CO = "lead", "co"
AGREE, DISAGREE, DEEMED = "agree", "disagree", "deemed"
ANSWER_LABELS = {AGREE: "同意", DISAGREE: "不同意", DEEMED: "超时默许"}
GREEN, YELLOW, RED, DONE = "green", "yellow", "red", "done"
LIGHT_LABELS = {GREEN: "绿灯", YELLOW: "黄灯", RED: "红灯", DONE: "已答复"}


@dataclass
class StageView:
    """What a page shows for one stage on a given day."""

    due_on: date
    yellow_on: date
    light: str
    remaining: int
    deemed: bool
    late: bool


def stage_due(started_on: date, limit_days: int) -> date:
    return add_workdays(started_on, max(0, int(limit_days)))


def stage_yellow(started_on: date, limit_days: int, policy: LightPolicy = LightPolicy()) -> date:
    due = stage_due(started_on, limit_days)
    if not limit_days:
        return started_on
    return max(started_on, add_workdays(due, -policy.threshold(limit_days)))


def deemed_on(started_on: date, limit_days: int) -> date:
    """The first day on which silence counts as consent: the working day after the due date."""
    return add_workdays(stage_due(started_on, limit_days), 1)


def is_deemed(role: str, started_on: date, limit_days: int, answered_on: date | None, today: date) -> bool:
    """A co-window stage unanswered past its due date is deemed consent (never the lead's own)."""
    if role != CO or answered_on is not None:
        return False
    return today > stage_due(started_on, limit_days)


def view(
    role: str,
    started_on: date,
    limit_days: int,
    answered_on: date | None,
    today: date,
    policy: LightPolicy = LightPolicy(),
) -> StageView:
    due = stage_due(started_on, limit_days)
    yellow = stage_yellow(started_on, limit_days, policy)
    deemed = is_deemed(role, started_on, limit_days, answered_on, today)
    late = (answered_on is not None and answered_on > due) or (answered_on is None and today > due)
    if answered_on is not None:
        light = DONE
    elif today > due:
        light = RED
    elif today >= yellow:
        light = YELLOW
    else:
        light = GREEN
    remaining = workdays_between(today, due)
    return StageView(due, yellow, light, remaining, deemed, late)


def case_deadline(lead_started_on: date, lead_limit_days: int) -> date:
    """The joint case's deadline: the lead's commitment, whatever the co-windows do."""
    return stage_due(lead_started_on, lead_limit_days)


def may_proceed(co_stages: list[tuple[date, int, date | None]], today: date) -> bool:
    """The lead may decide once every co-window answered or is deemed to consent.

    co_stages: (started_on, limit_days, answered_on) per co-window."""
    return all(a is not None or is_deemed(CO, s, n, a, today) for s, n, a in co_stages)


def charged_windows(stages: list[tuple[int, str, date, int, date | None]], today: date) -> list[int]:
    """Window ids charged for lateness: (window_id, role, started_on, limit, answered_on) each."""
    return [w for w, role, s, n, a in stages if role == CO and view(role, s, n, a, today).late]


def first_workday_on_or_after(d: date) -> date:
    return next_workday(d)
