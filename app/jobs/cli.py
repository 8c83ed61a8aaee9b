"""`flask jobs run-due | list`."""

import click
from flask import Flask

from .services.runner import run_due, statuses
from .table import scheduled_jobs


def register(app: Flask) -> None:
    @app.cli.group("jobs", help="定时任务（由 cron 或 systemd 定时器每几分钟调用 run-due）。")
    def jobs():
        pass

    @jobs.command("run-due")
    @click.option("--only", multiple=True, help="只运行指定的任务（可重复）；仍须到期。")
    def run_due_command(only):
        """运行所有到期的定时任务；多台服务器同时调用时每个任务只运行一次。"""
        outcomes = run_due(scheduled_jobs(), only=set(only) or None)
        failed = 0
        for o in outcomes:
            if not o.ran:
                click.echo(f"跳过  {o.label}（{o.name}）：{o.report}")
            else:
                click.echo(f"{'完成' if o.ok else '失败'}  {o.label}（{o.name}）：{o.report}")
                failed += 0 if o.ok else 1
        if failed:
            raise SystemExit(1)

    @jobs.command("list")
    def list_command():
        """列出定时任务、上次运行与下次到期时间（UTC）。"""
        for s in statuses(scheduled_jobs()):
            row = s.row
            last = row.last_started.strftime("%Y-%m-%d %H:%M") if row and row.last_started else "从未运行"
            state = "到期" if s.due else f"下次 {s.next_at:%Y-%m-%d %H:%M}"
            result = "" if not row or row.last_ok is None else ("，上次成功" if row.last_ok else "，上次失败")
            click.echo(f"{s.job.label}（{s.job.name}）：上次 {last}{result}；{state}")
