"""The outbox of 一次性告知书 sent to applicants: queue a message (the window), send the due ones
(the job `hall.outbox`, every few minutes), retry after a failure with a doubling wait, give up
after the configured attempts (shown on the case page) and queue a failed one again."""

from __future__ import annotations

import time
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from ...audit.services import record
from ...centers.queries import current_center_name
from ...core.timeutil import local_today, utcnow
from ...extensions import db
from ...kernel import check_version, flush, require
from ..logic import outbox as rules
from ..models import NoticeMessage, SupplementNotice
from .common import HallError, require_window, setting
from .delivery import DeliveryError, send_email, send_sms
from .supplement import notice_docx

RUN_BUDGET_SECONDS = 180  # a run stops starting sends after this (the job's claim lasts 5 minutes)


def messages_of(case_id: int) -> list[NoticeMessage]:
    return db.session.scalars(
        select(NoticeMessage).where(NoticeMessage.case_id == case_id).order_by(NoticeMessage.id)
    ).all()


def _texts(notice: SupplementNotice) -> tuple[str, str, str]:
    """(SMS text, e-mail subject, e-mail body) of the notice, from what the notice itself lists."""
    case = notice.case
    center = current_center_name()
    item = case.item.name if case.item else ""
    window = notice.window.label if notice.window else ""
    missing = [m["name"] for m in (notice.missing or [])]
    return (
        rules.sms_text(center, notice.number, case.number, item, missing, notice.deadline_on, window),
        rules.email_subject(notice.number, case.number),
        rules.email_body(center, case.applicant, notice.number, case.number, item, missing, notice.deadline_on, window),
    )


def queue(user, notice: SupplementNotice, channel: str, recipient: str, now: datetime | None = None) -> NoticeMessage:
    """发送告知书: the message waits in the outbox; the job sends it within minutes (due from `now`)."""
    require(user, "hall.desk")
    require_window(user, notice.window_id, local_today(), "hall_notice_messages", notice.id, "send")
    recipient = rules.normalise(channel, recipient)
    problem = rules.recipient_problem(channel, recipient)
    if problem:
        raise HallError(problem)
    sms, subject, body = _texts(notice)
    m = NoticeMessage(
        notice_id=notice.id,
        case_id=notice.case_id,
        window_id=notice.window_id,
        channel=channel,
        recipient=recipient,
        subject="" if channel == rules.SMS else subject,
        body=sms if channel == rules.SMS else body,
        status=rules.PENDING,
        next_attempt_at=now or utcnow(),
        created_by_id=user.id,
    )
    db.session.add(m)
    flush()
    record(
        user,
        "create",
        "hall_notice_messages",
        m.id,
        {"notice": notice.number, "channel": channel, "recipient": recipient, "case_id": notice.case_id},
    )
    return m


def requeue(user, m: NoticeMessage, version) -> NoticeMessage:
    """重新发送 a message that was given up (after the address or the gateway was put right)."""
    require(user, "hall.desk")
    check_version(m, version)
    require_window(user, m.window_id, local_today(), "hall_notice_messages", m.id, "requeue")
    if m.status != rules.FAILED:
        raise HallError("只有发送失败的告知书才能重新发送。")
    m.status, m.attempts, m.next_attempt_at = rules.PENDING, 0, utcnow()
    flush()
    record(user, "update", "hall_notice_messages", m.id, {"step": "requeue", "last_error": m.last_error})
    return m


def _deliver(m: NoticeMessage) -> None:
    cfg = current_app.config
    if m.channel == rules.SMS:
        send_sms(cfg, m.recipient, m.body, f"{m.notice.number}#{m.id}")
    else:
        docx = notice_docx(m.notice).getvalue()
        send_email(cfg, m.recipient, m.subject, m.body, (f"一次性告知书-{m.notice.number}.docx", docx))


def send_due(now: datetime | None = None) -> tuple[int, int, int]:
    """Send the messages due by `now` in the current center (at most HALL_OUTBOX_BATCH, oldest due
    first): (sent, to be retried, given up). Each outcome is on its row and in the audit trail;
    flushes, the job runner commits."""
    now = now or utcnow()
    limit = setting("HALL_OUTBOX_BATCH", 20)
    max_attempts = setting("HALL_OUTBOX_MAX_ATTEMPTS", rules.MAX_ATTEMPTS)
    first_wait = setting("HALL_OUTBOX_RETRY_MINUTES", rules.RETRY_MINUTES)
    due = db.session.scalars(
        select(NoticeMessage)
        .where(NoticeMessage.status == rules.PENDING, NoticeMessage.next_attempt_at <= now)
        .order_by(NoticeMessage.next_attempt_at, NoticeMessage.id)
        .limit(limit)
    ).all()
    sent = retry = failed = 0
    started = time.monotonic()
    for m in due:
        if time.monotonic() - started > RUN_BUDGET_SECONDS:  # the rest waits for the next run
            break
        m.attempts += 1
        m.last_attempt_at = now
        try:
            _deliver(m)
        except Exception as exc:  # any failure stays on the message (the other messages still go out)
            reason = str(exc) if isinstance(exc, DeliveryError) else f"发送时出错：{type(exc).__name__}：{exc}"
            m.last_error = reason[:500]
            m.status, m.next_attempt_at = rules.after_failure(m.attempts, now, max_attempts, first_wait)
            failed += m.status == rules.FAILED
            retry += m.status == rules.PENDING
            details = {"step": "send_failed", "attempts": m.attempts, "error": m.last_error, "status": m.status}
        else:
            m.status, m.sent_at, m.next_attempt_at, m.last_error = rules.SENT, now, None, ""
            sent += 1
            details = {"step": "sent", "attempts": m.attempts, "channel": m.channel}
        flush()
        record(None, "update", "hall_notice_messages", m.id, details)
    return sent, retry, failed
