"""上报件: a case sent to a higher authority.

Rules (DOMAIN, 上报件): the window reports within 3 working days of acceptance *(default)*; the
case clock stands still from the day of the report until the day the answer is recorded (the
records case clock's 暂停计时, so its due date moves on by the working days waited); the
applicant is told within 2 working days of the answer *(default)*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...core.workdays import add_workdays, workdays_between

REPORT_WITHIN = 3
INFORM_WITHIN = 2


@dataclass(frozen=True)
class ReportView:
    report_due: date
    reported_late: bool
    waited_workdays: int | None
    inform_due: date | None
    informed_late: bool


def report_due(accepted_on: date, within: int = REPORT_WITHIN) -> date:
    return add_workdays(accepted_on, within)


def view(
    accepted_on: date,
    reported_on: date,
    answered_on: date | None,
    informed_on: date | None,
    today: date,
    report_within: int = REPORT_WITHIN,
    inform_within: int = INFORM_WITHIN,
) -> ReportView:
    due = report_due(accepted_on, report_within)
    waited = workdays_between(reported_on, answered_on) if answered_on else None
    inform_due = add_workdays(answered_on, inform_within) if answered_on else None
    informed_late = bool(inform_due and ((informed_on or today) > inform_due))
    return ReportView(due, reported_on > due, waited, inform_due, informed_late)


def paused_workdays(reported_on: date, answered_on: date | None, today: date) -> int:
    """Working days the clock has stood still so far (until the answer, or until today)."""
    return workdays_between(reported_on, answered_on or today)
