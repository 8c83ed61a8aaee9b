"""`flask jobs run-due`: run every scheduled job that is due, once across all app servers.

cron or a systemd timer calls it every few minutes on every server. A job is claimed with one
conditional UPDATE of its row (free, or its claim expired, and due): the database lets exactly one
server win, on SQLite (one writer at a time) as on PostgreSQL (the second UPDATE waits for the
first and then finds the row no longer free). The claim is committed before the work starts, so
other servers see it; the runner is a boundary like a request and commits for itself, the jobs'
own functions only flush."""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, update
from sqlalchemy.exc import IntegrityError

from ...core.timeutil import utcnow
from ...extensions import db
from ..logic.schedule import Job, is_due, lease_for, next_due
from ..models import JobRun

log = logging.getLogger("app.jobs")


@dataclass
class Outcome:
    name: str
    label: str
    ran: bool
    ok: bool | None
    report: str


@dataclass
class Status:
    job: Job
    row: JobRun | None
    due: bool
    next_at: datetime


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _ensure_rows(jobs: list[Job]) -> None:
    known = set(db.session.scalars(db.select(JobRun.name)))
    for job in jobs:
        if job.name in known:
            continue
        try:
            with db.session.begin_nested():
                db.session.add(JobRun(name=job.name))
        except IntegrityError:  # another server inserted it at the same moment
            pass
    db.session.commit()


def _claim(job: Job, now: datetime, me: str) -> bool:
    free = or_(JobRun.claimed_until.is_(None), JobRun.claimed_until < now)
    due = or_(JobRun.last_started.is_(None), JobRun.last_started <= now - job.every)
    result = db.session.execute(
        update(JobRun)
        .where(and_(JobRun.name == job.name, free, due))
        .values(claimed_until=now + lease_for(job), claimed_by=me, last_started=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def _finish(name: str, ok: bool, report: str) -> None:
    db.session.execute(
        update(JobRun)
        .where(JobRun.name == name)
        .values(claimed_until=None, last_finished=utcnow(), last_ok=ok, last_report=report[:2000], runs=JobRun.runs + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def run_due(jobs: list[Job], now: datetime | None = None, only: set[str] | None = None) -> list[Outcome]:
    """Run the due jobs (or only those named); a job claimed by another server or not yet due is
    left alone. One failing job is recorded and does not stop the others."""
    now = now or utcnow()
    me = worker_name()
    _ensure_rows(jobs)
    outcomes = []
    for job in jobs:
        if only is not None and job.name not in only:
            continue
        if not _claim(job, now, me):
            outcomes.append(Outcome(job.name, job.label, False, None, "未到期或正由其他服务器运行"))
            continue
        try:
            report = str(job.run() or "完成")
            db.session.commit()
            ok = True
        except Exception as exc:  # recorded on the job's row and in the log; the next run retries
            db.session.rollback()
            log.exception("定时任务 %s 失败", job.name)
            report, ok = f"失败：{exc}", False
        _finish(job.name, ok, report)
        outcomes.append(Outcome(job.name, job.label, True, ok, report))
    return outcomes


def statuses(jobs: list[Job], now: datetime | None = None) -> list[Status]:
    now = now or utcnow()
    rows = {r.name: r for r in db.session.scalars(db.select(JobRun))}
    out = []
    for job in jobs:
        row = rows.get(job.name)
        last = row.last_started if row else None
        out.append(Status(job, row, is_due(job, last, now), next_due(job, last, now)))
    return out
