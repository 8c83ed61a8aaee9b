"""flask hall sweep: record 超时默许 for every co-window stage past its limit (also done by the
lights page and the case page when they are opened)."""

import click

from ..core.timeutil import local_today
from ..extensions import db


def register(app) -> None:
    @app.cli.group("hall", help="窗口服务制度。")
    def hall():
        pass

    @hall.command("sweep")
    def sweep():
        """按超时默许制登记逾期未答复的协办阶段。"""
        from .services.joint import sweep_deemed

        n = len(sweep_deemed(local_today()))
        db.session.commit()
        click.echo(f"已登记超时默许 {n} 个协办阶段。")
