"""The scheduled work of HallMark, in one place: what runs, how often, and which room's function
does it. `flask jobs run-due` (every few minutes from cron or a systemd timer) runs what is due."""
from __future__ import annotations

from datetime import timedelta

from ..audit.services import write_checkpoint
from ..records.services.cases import relight_open_cases
from .logic.schedule import Job


def _audit_checkpoint() -> str:
    cp = write_checkpoint()
    return f"已写入审计检查点：至第 {cp['head_id'] or 0} 条，共 {cp['count']} 条。"


def _relight_cases() -> str:
    return f"已重新计算 {relight_open_cases()} 件在办办件的到期日和黄灯日期。"


def scheduled_jobs() -> list[Job]:
    return [
        Job("audit.checkpoint", "审计追踪检查点", timedelta(days=1), _audit_checkpoint),
        # the lights of open cases move with the calendar even when nobody touches a case
        Job("records.relight", "在办办件重新计算红黄灯", timedelta(days=1), _relight_cases),
    ]
