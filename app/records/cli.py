"""`flask records import KIND FILE` (with a progress bar), `flask records relight` and
`flask records rebuild-summary`."""

import click
from flask import Flask
from sqlalchemy import select


def register(app: Flask) -> None:
    @app.cli.group("records", help="业务记录：导入、电子监察。")
    def records():
        pass

    @records.command("import")
    @click.argument("kind", type=click.Choice(["roster", "items", "cases", "attendance"]))
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--user", "username", default="admin", help="以哪个账号的名义导入（记入审计追踪）")
    def import_cmd(kind, path, username):
        """Import a .xlsx / .csv file: all rows or none; bad rows are listed with row, column and reason."""
        from ..auth.models import User
        from ..extensions import db
        from .services.imports import run_import

        user = db.session.scalar(select(User).filter_by(username=username))
        if user is None:
            raise click.ClickException(f"账号 {username} 不存在。")
        total = _count_rows(path)
        with open(path, "rb") as stream, click.progressbar(length=total, label="检查并导入") as bar:
            report = run_import(user, kind, stream, path, progress=bar.update)
        db.session.commit()  # a command commits for itself (nothing to commit when refused)
        if report.file_error:
            raise click.ClickException(report.file_error)
        if report.problems:
            for p in report.problems[:200]:
                click.echo(str(p), err=True)
            raise click.ClickException(f"{len(report.problems)} 处错误，未导入任何数据。")
        click.echo(f"已导入 {report.saved} 行。")

    @records.command("relight")
    def relight():
        """Recompute due and yellow dates of open cases (after changing RECORDS_YELLOW_* or the calendar)."""
        from ..extensions import db
        from .services.cases import relight_open_cases

        n = relight_open_cases()
        db.session.commit()
        click.echo(f"已重新计算 {n} 件在办办件的到期日和黄灯日期。")

    @records.command("rebuild-summary")
    def rebuild_summary():
        """Recompute the case summary (totals per window and month) of every center from the cases."""
        from ..extensions import db
        from .services.summary import rebuild

        n = rebuild()
        db.session.commit()
        click.echo(f"已按办件重新计算办件汇总表：{n} 行（窗口 × 月份）。")


def _count_rows(path: str) -> int:
    if path.lower().endswith(".csv"):
        with open(path, "rb") as f:
            return max(0, sum(1 for _ in f) - 1)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
        return max(0, (wb.worksheets[0].max_row or 1) - 1)
    except Exception:  # noqa: BLE001 - a broken file: the import itself reports it in Chinese
        return 0
