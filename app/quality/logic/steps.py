"""The corrective-action steps of ISO 9001 10.2 and their deadlines in working days.

纠正 → 原因分析 → 纠正措施 → 实施验证 → 有效性评价 → 关闭. Each step gets a deadline when it
becomes current, counted from that day in working days (weekends, public holidays and make-up
workdays 调休, via app.core.workdays), except 有效性评价, which falls a period of calendar
months after the verification *(default 3 months)*: the cause must have had time to recur.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ...core.workdays import add_workdays, workdays_between
from ...documents.logic.lifecycle import add_months
from .vocab import CLOSED, STEPS, VOIDED

ORDER = [code for code, _label in STEPS]


@dataclass(frozen=True)
class StepPolicy:
    """Working days allowed per step *(defaults)*; the effectiveness period in months."""

    days: dict = field(
        default_factory=lambda: {
            "correction": 2,
            "root_cause": 5,
            "action": 5,
            "verification": 5,
            "closure": 5,
        }
    )
    effectiveness_months: int = 3
    # severity 严重 halves the working days (at least 1): containment cannot wait
    major_factor: float = 0.5


class StepError(ValueError):
    """A step done out of order; the message is shown to the user."""


def next_step(state: str) -> str:
    """The step after `state`; after 关闭 there is none."""
    if state in (CLOSED, VOIDED):
        raise StepError("该不合格已关闭或作废。")
    i = ORDER.index(state)
    return ORDER[i + 1] if i + 1 < len(ORDER) else CLOSED


def deadline(
    step: str, start: date, severity: str = "minor", policy: StepPolicy = StepPolicy(), action_due: date | None = None
) -> date:
    """The deadline of `step` when it becomes current on `start`.

    实施验证 is due a few working days after the corrective action's own due date when that is
    later; 有效性评价 is due `effectiveness_months` calendar months after `start` (the day the
    action was verified)."""
    if step == "effectiveness":
        return add_months(start, policy.effectiveness_months)
    days = policy.days[step]
    if severity == "major":
        days = max(1, int(days * policy.major_factor))
    base = start
    if step == "verification" and action_due is not None and action_due > start:
        base = action_due
    return add_workdays(base, days)


def overdue_days(due_on: date | None, today: date, done_on: date | None = None) -> int:
    """Working days a step is past its deadline (0 when done in time, not yet due or undated)."""
    if due_on is None:
        return 0
    end = done_on or today
    return max(0, workdays_between(due_on, end))


def check_ready(step: str, fields: dict) -> list[str]:
    """What is missing before `step` can be completed, as Chinese messages (empty = ready)."""
    need = {
        "correction": [("correction", "请填写纠正（已采取的处置）。")],
        "root_cause": [("root_cause", "请填写根本原因。"), ("cause_method", "请选择原因分析方法。")],
        "action": [
            ("action_plan", "请填写纠正措施计划。"),
            ("action_owner_id", "请指定措施负责人。"),
            ("action_due_on", "请填写措施完成期限。"),
        ],
        "verification": [("verification_note", "请填写实施验证情况。")],
        "effectiveness": [("effectiveness_note", "请填写有效性评价结论。")],
        "closure": [],
    }[step]
    missing = [msg for key, msg in need if not fields.get(key)]
    if step == "root_cause" and fields.get("cause_method") == "6m" and not fields.get("cause_category"):
        missing.append("按人机料法环测分析时请选择原因类别。")
    return missing
