"""The case clock and the electronic-supervision light (电子监察), as plain functions.

No Flask, no SQLAlchemy: the functions work on any object with the Case attributes
(received_on, limit_days, is_instant, state, is_open, stopped_since, stop_kind,
stopped_workdays, due_on, yellow_on, completed_on, used_days, outcome, accepted_on).

Rules (限时办结制):
- The committed limit counts working days after the day of receipt (app.core.workdays).
- 补正 (papers missing) and 暂停计时 (hearing, inspection, expert review) stop the clock: the
  working days in (stop day, resume day] are added to the limit. While stopped there is no due
  date and no light.
- 即办件 have limit 0: due the day they are received. They are never yellow: green (no light)
  on the day of receipt, red from the next day on. yellow_on is stored as the day after due_on so
  the lights queries (yellow_on <= today) count them only once they are overdue (issue 14).
- Light of an open case: red when today is after due_on; yellow when at most N working days
  remain, N = max(minimum, ceil(percent % × limit)) (defaults 20 % and 1); otherwise green.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from ...core.workdays import add_workdays, workdays_between
from .vocab import (
    CASE_ACCEPTED,
    CASE_COMPLETED,
    CASE_RECEIVED,
    CASE_REFUSED_ACCEPT,
    CASE_SUPPLEMENT,
    CASE_WITHDRAWN,
)


class ClockError(ValueError):
    """A step that the case's state does not allow (message in Chinese, shown to the user)."""


@dataclass(frozen=True)
class LightPolicy:
    percent: int = 20
    minimum: int = 1

    def threshold(self, limit_days: int) -> int:
        """Working days left at which the light turns yellow."""
        return max(self.minimum, math.ceil(self.percent * limit_days / 100))


GREEN, YELLOW, RED, STOPPED, CLOSED = "green", "yellow", "red", "stopped", "closed"
LIGHT_LABELS = {GREEN: "绿灯", YELLOW: "黄灯", RED: "红灯", STOPPED: "计时暂停", CLOSED: "已结"}


def recompute(case, policy: LightPolicy = LightPolicy()) -> None:
    """Fix due_on and yellow_on from the receipt date, the limit and the closed stops."""
    if case.stopped_since is not None:
        case.due_on = None
        case.yellow_on = None
        return
    limit = 0 if case.is_instant else case.limit_days
    case.due_on = add_workdays(case.received_on, limit + (case.stopped_workdays or 0))
    if not limit:
        case.yellow_on = case.due_on + timedelta(days=1)
        return
    yellow = add_workdays(case.due_on, -policy.threshold(limit))
    case.yellow_on = max(yellow, case.received_on)


def light(case, today: date) -> str:
    if not case.is_open:
        return CLOSED
    if case.stopped_since is not None or case.due_on is None:
        return STOPPED
    if today > case.due_on:
        return RED
    if case.yellow_on is not None and today >= case.yellow_on:
        return YELLOW
    return GREEN


def remaining_workdays(case, today: date) -> int | None:
    """Working days left after today up to the due date (negative when overdue)."""
    if case.due_on is None:
        return None
    return workdays_between(today, case.due_on)


def start(case, received_on: date, limit_days: int, is_instant: bool, policy: LightPolicy = LightPolicy()) -> None:
    case.received_on = received_on
    case.limit_days = 0 if is_instant else limit_days
    case.is_instant = is_instant
    case.state = CASE_RECEIVED
    case.is_open = True
    case.stopped_since = None
    case.stop_kind = None
    case.stopped_workdays = 0
    recompute(case, policy)


def _check_open(case, on: date) -> None:
    if not case.is_open:
        raise ClockError("该办件已结束，不能再办理。")
    if on < case.received_on:
        raise ClockError("日期不能早于收件日期。")
    if case.stopped_since is not None and on < case.stopped_since:
        raise ClockError("日期不能早于计时暂停的日期。")


def stop_clock(case, on: date, kind: str, policy: LightPolicy = LightPolicy()) -> None:
    """补正告知 (kind='supplement', from 已收件) or 暂停计时 (kind='pause', from 已受理)."""
    _check_open(case, on)
    if case.stopped_since is not None:
        raise ClockError("计时已经暂停。")
    if kind == "supplement":
        if case.state != CASE_RECEIVED:
            raise ClockError("只有已收件、尚未受理的办件可以要求补正。")
        case.state = CASE_SUPPLEMENT
    elif kind == "pause":
        if case.state != CASE_ACCEPTED:
            raise ClockError("只有已受理的办件可以暂停计时。")
    else:
        raise ClockError("未知的暂停类型。")
    case.stopped_since = on
    case.stop_kind = kind
    recompute(case, policy)


def resume_clock(case, on: date, policy: LightPolicy = LightPolicy()) -> None:
    """补正齐全 or 恢复计时: the stopped working days are added to the limit."""
    _check_open(case, on)
    if case.stopped_since is None:
        raise ClockError("计时没有暂停。")
    case.stopped_workdays = (case.stopped_workdays or 0) + workdays_between(case.stopped_since, on)
    if case.stop_kind == "supplement":
        case.state = CASE_RECEIVED
    case.stopped_since = None
    case.stop_kind = None
    recompute(case, policy)


def accept(case, on: date, policy: LightPolicy = LightPolicy()) -> None:
    _check_open(case, on)
    if case.state == CASE_SUPPLEMENT:
        resume_clock(case, on, policy)
    if case.state != CASE_RECEIVED:
        raise ClockError("只有已收件的办件可以受理。")
    case.state = CASE_ACCEPTED
    case.accepted_on = on


def _close(case, on: date, state: str, policy: LightPolicy) -> None:
    if case.stopped_since is not None:
        resume_clock(case, on, policy)
    case.state = state
    case.is_open = False
    case.completed_on = on
    used = workdays_between(case.received_on, on) - (case.stopped_workdays or 0)
    case.used_days = max(0, used)


def not_accept(case, on: date, policy: LightPolicy = LightPolicy()) -> None:
    """不予受理: closes the case (it counts as handled, with its days used)."""
    _check_open(case, on)
    if case.state not in (CASE_RECEIVED, CASE_SUPPLEMENT):
        raise ClockError("已受理的办件不能再作不予受理。")
    _close(case, on, CASE_REFUSED_ACCEPT, policy)


def complete(case, on: date, outcome: str, policy: LightPolicy = LightPolicy()) -> None:
    """办结 (准予 / 不予). 即办件 may be completed straight from receipt."""
    _check_open(case, on)
    if outcome not in ("approved", "refused"):
        raise ClockError("请选择办结结果（准予或不予）。")
    if case.state == CASE_RECEIVED and case.is_instant:
        case.state = CASE_ACCEPTED
        case.accepted_on = on
    if case.state != CASE_ACCEPTED:
        raise ClockError("只有已受理的办件可以办结。")
    case.outcome = outcome
    _close(case, on, CASE_COMPLETED, policy)


def withdraw(case, on: date, policy: LightPolicy = LightPolicy()) -> None:
    """撤销 at the applicant's request."""
    _check_open(case, on)
    _close(case, on, CASE_WITHDRAWN, policy)


def completion_class(case) -> str | None:
    """'early' (used < limit), 'on_time' (at the limit), 'overdue' (after due_on) for closed cases."""
    if case.completed_on is None or case.due_on is None:
        return None
    if case.completed_on > case.due_on:
        return "overdue"
    if not case.is_instant and case.used_days is not None and case.used_days < case.limit_days:
        return "early"
    return "on_time"
