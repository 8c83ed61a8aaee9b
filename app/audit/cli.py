import click
from flask import Flask

from .services import verify


def register(app: Flask) -> None:
    @app.cli.group("audit", help="审计追踪。")
    def audit():
        pass

    @audit.command("verify")
    def verify_command():
        """Check the hash chain; exit 1 and name each broken entry."""
        breaks = verify()
        if not breaks:
            click.echo("审计链完整。")
            return
        for b in breaks:
            click.echo(f"第 {b.entry_id} 条：{b.reason}")
        raise SystemExit(1)
