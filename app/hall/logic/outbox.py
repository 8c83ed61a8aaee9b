"""Sending the 一次性告知书 to the applicant (the notice is "printed or sent"): by SMS or e-mail,
through an outbox. A message is queued, sent by the scheduled job when due, and retried after a
failure with a doubling wait until it is sent or the attempts run out (then it shows as failed
on the case page, where the window may queue it again). Pure rules: recipients, waits, texts.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

SMS, EMAIL = "sms", "email"
CHANNELS = {SMS: "短信", EMAIL: "电子邮件"}
PENDING, SENT, FAILED = "pending", "sent", "failed"
STATUS_LABELS = {PENDING: "待发送", SENT: "已发送", FAILED: "发送失败（已停止重试）"}

MAX_ATTEMPTS = 6  # *(default)* attempts before a message is given up (HALL_OUTBOX_MAX_ATTEMPTS)
RETRY_MINUTES = 5  # *(default)* wait after the first failure, doubled after each further one
MAX_WAIT_MINUTES = 12 * 60  # no wait longer than half a day

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise(channel: str, value: str) -> str:
    """The recipient as sent: a mobile number without spaces, dashes or +86; an e-mail trimmed."""
    value = (value or "").strip()
    if channel == SMS:
        value = re.sub(r"[\s\-()（）]", "", value)
        if value.startswith("+86"):
            value = value[3:]
        elif value.startswith("0086"):
            value = value[4:]
    return value


def recipient_problem(channel: str, value: str) -> str | None:
    """Why the (normalised) recipient cannot be used, in Chinese; None when it can."""
    if channel not in CHANNELS:
        return "请选择发送方式（短信或电子邮件）。"
    if not value:
        return "请填写接收告知书的手机号码。" if channel == SMS else "请填写接收告知书的电子邮箱。"
    if channel == SMS and not _MOBILE.match(value):
        return "手机号码应为 11 位中国大陆手机号（如 13812345678）。"
    if channel == EMAIL and (len(value) > 120 or not _EMAIL.match(value)):
        return "电子邮箱格式不正确（如 name@example.cn）。"
    return None


def retry_wait(attempts: int, first_minutes: int = RETRY_MINUTES) -> timedelta:
    """The wait after the `attempts`-th failed attempt: first_minutes, then doubled, capped."""
    minutes = first_minutes * 2 ** max(0, attempts - 1)
    return timedelta(minutes=min(minutes, MAX_WAIT_MINUTES))


def after_failure(
    attempts: int, now: datetime, max_attempts: int = MAX_ATTEMPTS, first_minutes: int = RETRY_MINUTES
) -> tuple[str, datetime | None]:
    """(status, next attempt) after the `attempts`-th attempt failed."""
    if attempts >= max_attempts:
        return FAILED, None
    return PENDING, now + retry_wait(attempts, first_minutes)


def _cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def sms_text(
    center: str, number: str, case_number: str, item: str, missing: list[str], deadline: date, window: str = ""
) -> str:
    """The SMS: every missing material and the deadline (an SMS gateway splits long texts)."""
    where = f"{window}窗口" if window else "原窗口"
    return (
        f"【{center}】您申请的“{item}”（办件编号{case_number}）需补正材料：{'、'.join(missing)}。"
        f"请于{_cn(deadline)}前携带上述材料到{where}补齐（一次性告知书{number}）。"
    )


def email_subject(number: str, case_number: str) -> str:
    return f"补正材料一次性告知书 {number}（办件编号 {case_number}）"


def email_body(
    center: str,
    applicant: str,
    number: str,
    case_number: str,
    item: str,
    missing: list[str],
    deadline: date,
    window: str = "",
) -> str:
    lines = [
        f"{applicant or '申请人'}：",
        "",
        f"您申请办理的“{item}”（办件编号 {case_number}）申请材料不齐全。根据一次性告知制度，"
        "现将需要补正的全部材料一次性告知如下：",
        "",
        *[f"{i}. {name}" for i, name in enumerate(missing, 1)],
        "",
        f"请于{_cn(deadline)}前将上述材料提交至{window + '窗口' if window else '原受理窗口'}。"
        "补正期间办理时限暂停计算，材料补齐后恢复计算。",
        f"附件为一次性告知书（{number}）。",
        "",
        center,
    ]
    return "\n".join(lines)
