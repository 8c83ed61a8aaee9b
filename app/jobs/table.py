"""The scheduled work of HallMark, in one place: what runs, how often, and which room's function
does it. `flask jobs run-due` (every few minutes from cron or a systemd timer) runs what is due."""
from __future__ import annotations

from datetime import timedelta

from ..audit.services import write_checkpoint
from .logic.schedule import Job


def _audit_checkpoint() -> str:
    cp = write_checkpoint()
    return f"已写入审计检查点：至第 {cp['head_id'] or 0} 条，共 {cp['count']} 条。"


def scheduled_jobs() -> list[Job]:
    return [
        Job("audit.checkpoint", "审计追踪检查点", timedelta(days=1), _audit_checkpoint),
    ]
