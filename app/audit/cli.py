import click
from flask import Flask

from .services import checkpoint_path, verify, write_checkpoint


def register(app: Flask) -> None:
    @app.cli.group("audit", help="审计追踪。")
    def audit():
        pass

    @audit.command("verify")
    def verify_command():
        """Check the keyed hash chain against the last checkpoint; seal a new checkpoint when it holds,
        else exit 1 naming each broken entry or range."""
        state = verify()
        if state.intact:
            click.echo(
                f"审计链完整：共 {state.count} 条，最后一条为第 {state.head_id or 0} 条；已写入检查点 {checkpoint_path()}。"
            )
            return
        click.echo(f"审计链不完整：发现 {len(state.breaks)} 处问题（未写入新的检查点）。")
        for b in state.breaks:
            click.echo(str(b))
        raise SystemExit(1)

    @audit.command("checkpoint")
    def checkpoint_command():
        """Seal the head hash and row count in the checkpoint file (run daily from cron)."""
        try:
            cp = write_checkpoint()
        except ValueError as exc:
            click.echo(str(exc))
            raise SystemExit(1) from exc
        click.echo(f"已写入检查点：至第 {cp['head_id'] or 0} 条，共 {cp['count']} 条。")
