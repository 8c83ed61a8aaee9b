"""效能投诉 after GB/T 36113-2018 (政务服务中心服务投诉处置规范), section 7: 受理 → 调查 →
处置 → 反馈 → 归档.

Clock: each step has a limit in working days *(defaults 受理 1, 调查 5, 处置 5, 反馈 2)* counted
from the day the step before it was done (受理 from the day of receipt). While the step before is
still open, a step's due date is counted from that step's due date, so the whole plan is known
from the first day. 归档 has no limit of its own *(choice: the standard gives none)*; it follows
反馈 and closes the complaint.

Findings (调查结论): 成立 / 部分成立 / 不成立. A complaint found 成立 or 部分成立 is a valid
complaint for the monthly scoring (S5 有效投诉), and its 责任追究 decisions feed the scoring too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...core.workdays import add_workdays, workdays_between

ACCEPT, INVESTIGATE, HANDLE, FEEDBACK, ARCHIVE = "accept", "investigate", "handle", "feedback", "archive"
STEPS = (ACCEPT, INVESTIGATE, HANDLE, FEEDBACK, ARCHIVE)
STEP_LABELS = {ACCEPT: "受理", INVESTIGATE: "调查", HANDLE: "处置", FEEDBACK: "反馈", ARCHIVE: "归档"}
DEFAULT_LIMITS = {ACCEPT: 1, INVESTIGATE: 5, HANDLE: 5, FEEDBACK: 2, ARCHIVE: None}

UPHELD, PARTLY, NOT_UPHELD = "true", "partly", "false"  # the codes of rec_complaints.finding
FINDINGS = {UPHELD: "成立", PARTLY: "部分成立", NOT_UPHELD: "不成立"}

# 责任追究 decisions (the center's rule on accountability); points are the default scoring weight
# of each decision on the window's month (entered as proposals, the evaluator confirms).
DECISIONS = {
    "education": "批评教育",
    "written_review": "书面检查",
    "circulated": "通报批评",
    "removed": "调离窗口",
    "returned": "退回原单位",
}

GREEN, YELLOW, RED, DONE, WAITING = "green", "yellow", "red", "done", "waiting"


class ComplaintError(ValueError):
    """A step out of order (Chinese message)."""


@dataclass(frozen=True)
class StepView:
    step: str
    label: str
    due_on: date | None
    done_on: date | None
    light: str
    late: bool


def is_valid(finding: str | None) -> bool | None:
    if finding is None:
        return None
    return finding in (UPHELD, PARTLY)


def plan(received_on: date, done: dict[str, date], today: date, limits: dict | None = None) -> list[StepView]:
    """The five steps with due dates and lights. `done` maps step -> day it was done."""
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    out, base = [], received_on
    current_found = False
    for step in STEPS:
        limit = limits[step]
        due = add_workdays(base, limit) if limit is not None else None
        done_on = done.get(step)
        if done_on is not None:
            light, late = DONE, bool(due and done_on > due)
            base = done_on
        else:
            late = bool(due and today > due)
            if current_found:
                light = WAITING
            elif due is None:
                light = GREEN
            elif today > due:
                light = RED
            elif workdays_between(today, due) <= 1:
                light = YELLOW
            else:
                light = GREEN
            current_found = True
            base = due or base
        out.append(StepView(step, STEP_LABELS[step], due, done_on, light, late))
    return out


def current_step(done: dict[str, date]) -> str | None:
    for step in STEPS:
        if step not in done:
            return step
    return None


def check_next(done: dict[str, date], step: str, on: date, received_on: date, finding: str | None = None) -> None:
    """Refuse a step out of order, a date before the step before it, a 处置 without finding."""
    expected = current_step(done)
    if expected is None:
        raise ComplaintError("该投诉已归档。")
    if step != expected:
        raise ComplaintError(f"请先完成“{STEP_LABELS[expected]}”。")
    prev = [done[s] for s in STEPS if s in done]
    if on < (prev[-1] if prev else received_on):
        raise ComplaintError("日期不能早于上一步骤。")
    if step == INVESTIGATE and finding not in FINDINGS:
        raise ComplaintError("调查完成时请选择调查结论（成立、部分成立或不成立）。")


def reminder(received_on: date, done: dict[str, date], today: date, limits: dict | None = None) -> StepView | None:
    """The open step when it is yellow or red (for the home page), else None."""
    for v in plan(received_on, done, today, limits):
        if v.done_on is None:
            return v if v.light in (YELLOW, RED) else None
    return None
