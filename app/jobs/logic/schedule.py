"""When a scheduled job is due: pure arithmetic on its interval and its last run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Job:
    """One piece of scheduled work: its name, what it is called in Chinese, how often it runs and
    the function that does it (takes no arguments, returns a short Chinese report)."""

    name: str
    label: str
    every: timedelta
    run: object


def is_due(job: Job, last_started: datetime | None, now: datetime) -> bool:
    return last_started is None or now - last_started >= job.every


def next_due(job: Job, last_started: datetime | None, now: datetime) -> datetime:
    return now if last_started is None else max(now, last_started + job.every)


def lease_for(job: Job) -> timedelta:
    """How long a claim holds before another server may take the job over (a server that died
    mid-run must not block it forever): the shorter of an hour and the job's own interval."""
    return min(timedelta(hours=1), job.every)
