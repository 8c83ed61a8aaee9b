"""`flask assessment ...`: attach the bundled schemes, print a month's ranking, export a bulletin."""

import click
from flask import Flask
from flask.cli import AppGroup

from ..centers.queries import current_center_name
from ..core.timeutil import local_today
from ..extensions import db
from .queries import awards
from .queries.months import get_month
from .services import publish

group = AppGroup("assessment", help="窗口考核与流动红旗。")


@group.command("attach-schemes")
def attach_schemes():
    """Give SF-ZD-017 versions A/0, A/1, B/0 their bundled schemes (idempotent)."""
    from .demo import attach_schemes as attach

    click.echo(f"已挂接 {attach()} 个版本的考核方案。")


@group.command("ranking")
@click.argument("year", type=int)
@click.argument("month", type=int)
def ranking(year, month):
    """Print a month's ranking and red flags."""
    m = get_month(year, month)
    if m is None:
        raise click.ClickException(f"{year}年{month}月尚未开启考核。")
    out = awards.outcome(m)
    for r in out.ranking:
        flag = "⚑" if r.flag else " "
        click.echo(f"{r.rank:>3} {flag} {r.row.total:>6g}  {r.row.name}  {'；'.join(r.barred)}")


@group.command("bulletin")
@click.argument("year", type=int)
@click.argument("month", type=int)
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def bulletin(year, month, path):
    """Write a month's 考核通报 .docx to PATH."""
    m = get_month(year, month)
    if m is None:
        raise click.ClickException(f"{year}年{month}月尚未开启考核。")
    out = awards.outcome(m)
    stream = publish.bulletin(
        m,
        out,
        awards.warnings(m, out),
        current_center_name(),
        m.finalised_at.date() if m.finalised_at else local_today(),
    )
    with open(path, "wb") as fh:
        fh.write(stream.read())
    db.session.remove()
    click.echo(f"已写出 {path}")


def register(app: Flask) -> None:
    app.cli.add_command(group)
