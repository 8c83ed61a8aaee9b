"""首问负责制: the first staff member a visitor reaches owns the matter until it reaches a case
or an answer. A hand-over to another window waits for that window's confirmation.

推诿 (passing the buck): a matter handed on twice (two hand-overs) without an answer or a case
is flagged *(rule: "passed on twice without an answer")*; the window that made the second
hand-over is charged (S3 拒不答复或推诿咨询). A hand-over not confirmed by the end of the next
working day is shown as unconfirmed *(default: 1 working day)*.
"""

from __future__ import annotations

from datetime import date

from ...core.workdays import add_workdays

OPEN, HANDED, ANSWERED, CASED = "open", "handed", "answered", "cased"
STATUS_LABELS = {OPEN: "办理中", HANDED: "待接收确认", ANSWERED: "已答复", CASED: "已转办件"}
SHIRK_AFTER = 2
CONFIRM_WITHIN = 1


def is_shirking(handovers: int, status: str) -> bool:
    return handovers >= SHIRK_AFTER and status not in (ANSWERED, CASED)


def confirm_due(handed_on: date, within: int = CONFIRM_WITHIN) -> date:
    return add_workdays(handed_on, within)


def unconfirmed_overdue(handed_on: date, today: date, within: int = CONFIRM_WITHIN) -> bool:
    return today > confirm_due(handed_on, within)
