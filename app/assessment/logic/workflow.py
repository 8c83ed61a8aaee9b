"""The month's workflow as a small state machine. Pure: no Flask, no database.

open → scoring → submitted → (reviewed, signed and locked) publicity (公示, N working days,
appeals may be lodged) → final. Reopening a locked month takes it back to scoring, with a reason.
"""

from __future__ import annotations

from datetime import date

OPEN = "open"
SCORING = "scoring"
SUBMITTED = "submitted"
PUBLICITY = "publicity"
FINAL = "final"

STATE_LABELS = {
    OPEN: "已开启",
    SCORING: "评分中",
    SUBMITTED: "已提交待审核",
    PUBLICITY: "已锁定·公示中",
    FINAL: "已定稿",
}
STATE_BADGES = {OPEN: "draft", SCORING: "review", SUBMITTED: "blue", PUBLICITY: "approved", FINAL: "green"}

# action -> (states it may start from, state it leads to, permission it needs)
TRANSITIONS = {
    "score": ({OPEN, SCORING}, SCORING, "assessment.score"),
    "submit": ({OPEN, SCORING}, SUBMITTED, "assessment.score"),
    "return": ({SUBMITTED}, SCORING, "assessment.lock"),
    "lock": ({SUBMITTED}, PUBLICITY, "assessment.lock"),
    "finalise": ({PUBLICITY}, FINAL, "assessment.lock"),
    "reopen": ({PUBLICITY, FINAL}, SCORING, "assessment.reopen"),
}

ACTION_LABELS = {
    "score": "评分",
    "submit": "提交审核",
    "return": "退回修改",
    "lock": "审核并锁定",
    "finalise": "定稿",
    "reopen": "重新开放",
}


class WorkflowError(Exception):
    """A step not allowed now; the message is shown to the user."""


def check(state: str, action: str) -> str:
    """The state `action` leads to from `state`, or WorkflowError."""
    if action not in TRANSITIONS:
        raise WorkflowError(f"未知操作：{action}")
    sources, target, _perm = TRANSITIONS[action]
    if state not in sources:
        raise WorkflowError(f"本月考核{STATE_LABELS.get(state, state)}，不能{ACTION_LABELS[action]}。")
    return target


def allowed_actions(state: str) -> list[str]:
    return [a for a, (sources, _t, _p) in TRANSITIONS.items() if state in sources]


def is_locked(state: str) -> bool:
    return state in (PUBLICITY, FINAL)


def appeal_open(state: str, publicity_end: date | None, today: date) -> bool:
    """Appeals (申诉) may be lodged while the month is in 公示, up to and including its last day."""
    return state == PUBLICITY and publicity_end is not None and today <= publicity_end


def can_finalise(state: str, publicity_end: date | None, today: date, pending_appeals: int) -> str | None:
    """None when the month may be made final, else the reason it may not."""
    if state != PUBLICITY:
        return f"本月考核{STATE_LABELS.get(state, state)}，不能定稿。"
    if publicity_end is not None and today <= publicity_end:
        return f"公示期至 {publicity_end.year}年{publicity_end.month}月{publicity_end.day}日，公示期满后方可定稿。"
    if pending_appeals:
        return f"尚有 {pending_appeals} 件申诉未复核。"
    return None


# ---------------------------------------------------------------------- the calendar guards (issue 14)
def _cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def open_blocker(year: int, month: int, today: date) -> str | None:
    """A month is opened for scoring only once it has begun."""
    if (year, month) > (today.year, today.month):
        return f"{year}年{month}月尚未开始，不能开启考核（本月开始后才能开启）。"
    return None


def lock_blocker(year: int, month: int, last_day: date, today: date, earliest: date | None = None) -> str | None:
    """A month is locked only after it has ended; `earliest` is the first of the month's last
    working days on which the center allows locking (None: not before the month is over)."""
    if today > last_day or (earliest is not None and earliest <= today):
        return None
    if earliest is not None:
        return f"{year}年{month}月尚未结束，{_cn(earliest)}起方可审核锁定。"
    return f"{year}年{month}月尚未结束，月末之后（{_cn(last_day)}之后）方可审核锁定。"


def entry_date_blocker(year: int, month: int, day: date | None, today: date) -> str | None:
    """The date of an entry lies in its month and not in the future."""
    if day is None:
        return None
    if (day.year, day.month) != (year, month):
        return f"发生日期应在{year}年{month}月内。"
    if day > today:
        return f"发生日期 {_cn(day)} 晚于今天，不能记录尚未发生的事。"
    return None


# ---------------------------------------------------------------------- what a result is (issue 14)
def result_words(state: str, publicity_end: date | None = None) -> str:
    """The one phrase every page, export and chart uses for the month's result in `state`."""
    if state == FINAL:
        return "最终结果（已定稿）"
    if state == PUBLICITY:
        until = f"，公示期至{_cn(publicity_end)}" if publicity_end else ""
        return f"公示稿（未定稿{until}）"
    return "预评结果（尚未审核锁定，未公示）"


def result_short(state: str) -> str:
    return {FINAL: "已定稿", PUBLICITY: "公示稿"}.get(state, "预评")
