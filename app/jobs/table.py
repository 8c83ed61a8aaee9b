"""The scheduled work of HallMark, in one place: what runs, how often, and which room's function
does it. `flask jobs run-due` (every few minutes from cron or a systemd timer) runs what is due."""

from __future__ import annotations

from datetime import timedelta

from ..audit.services import write_checkpoint
from ..centers.context import acting_in
from ..centers.queries import all_centers
from ..core.timeutil import local_today
from ..hall.services.joint import sweep_deemed
from ..hall.services.outbox import send_due
from ..records.services.cases import relight_open_cases
from ..records.services.summary import rebuild as rebuild_case_summary
from .logic.schedule import Job
from .services.maintenance import analyze_database


def _audit_checkpoint() -> str:
    cp = write_checkpoint()
    return f"已写入审计检查点：至第 {cp['head_id'] or 0} 条，共 {cp['count']} 条。"


def _in_each_center(work) -> list:
    """`work()` once in each center (reads and new rows scoped to it: a job has no user whose
    center would say which); in a database without centers yet, once in the default center."""
    ids = [c.id for c in all_centers()]
    if not ids:
        return [work()]
    out = []
    for center_id in ids:
        with acting_in(center_id):
            out.append(work())
    return out


def _case_summary() -> str:
    return f"已按办件重新计算办件汇总表：{rebuild_case_summary()} 行。"


def _relight_cases() -> str:
    return f"已重新计算 {sum(_in_each_center(relight_open_cases))} 件在办办件的到期日和黄灯日期。"


def _hall_sweep() -> str:
    n = sum(len(s) for s in _in_each_center(lambda: sweep_deemed(local_today())))
    return f"已按超时默许制登记 {n} 个逾期未答复的协办阶段。"


def _hall_outbox() -> str:
    outcomes = _in_each_center(send_due)
    sent, retry, failed = (sum(o[i] for o in outcomes) for i in range(3))
    return f"一次性告知书：已发送 {sent} 条，发送失败待重试 {retry} 条，已停止重试 {failed} 条。"


def scheduled_jobs() -> list[Job]:
    return [
        Job("audit.checkpoint", "审计追踪检查点", timedelta(days=1), _audit_checkpoint),
        # the lights of open cases move with the calendar even when nobody touches a case
        Job("records.relight", "在办办件重新计算红黄灯", timedelta(days=1), _relight_cases),
        # the summary follows every change the app makes; weekly it is recomputed from the cases,
        # which repairs what a change outside the app (SQL by hand) left behind
        Job("records.summary", "办件汇总表重新计算", timedelta(days=7), _case_summary),
        # 超时默许 is due the working day after a co-window's limit, whether or not anyone opens a page
        Job("hall.sweep", "联办件超时默许登记", timedelta(days=1), _hall_sweep),
        # the 一次性告知书 sent by SMS or e-mail: due messages out, failed ones retried with a doubling wait
        # (every 5 minutes: a run sends at most HALL_OUTBOX_BATCH messages, each within HALL_OUTBOX_TIMEOUT,
        # so it ends before its claim of 5 minutes runs out and no other server sends the same message)
        Job("hall.outbox", "一次性告知书短信/邮件发送", timedelta(minutes=5), _hall_outbox),
        # query plans: the planner's statistics follow the data (the lights pages depend on them)
        Job("db.analyze", "数据库查询统计信息更新", timedelta(days=1), analyze_database),
    ]
