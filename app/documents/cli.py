"""`flask documents ...`. Other domains add commands to `documents_group` (e.g. govdocs' import-dir)."""

import click
from flask import Flask
from flask.cli import AppGroup

documents_group = AppGroup("documents", help="受控文件与政府文件。")


@documents_group.command("load")
@click.argument("directory", type=click.Path(file_okay=False))
def load_command(directory):
    """Import the bundled document set from DIRECTORY (idempotent)."""
    from ..extensions import db
    from .services.loader import default_signers, load_directory

    author, reviewer, approver = default_signers()
    if approver is None:
        raise click.ClickException("尚无系统管理员账号：请先运行 flask demo load 或 flask users create。")
    report = load_directory(directory, author, reviewer, approver)
    db.session.commit()
    for error in report.errors:
        click.echo("  错误：" + error, err=True)
    click.echo(report.summary())


@documents_group.command("verify-signatures")
def verify_signatures_command():
    """Check every version and every review round: each signature's seal, the signed manifest against
    the version as it is now (text, number, revision, title, effective date, signer) and against the
    audit trail's sign entries (a deleted or moved signature). Exits 1 and names the version if any fails."""
    from .services.signatures import check_all

    checks = check_all()
    failing = [c for c in checks if not c.ok]
    sealed = sum(c.sealed for c in checks)
    unsealed = sum(c.unsealed for c in checks)
    for c in failing:
        click.echo(f"校验失败：{c.version.document.number} {c.version.revision}《{c.version.document.title}》")
        for problem in c.problems:
            click.echo("  " + problem)
    click.echo(
        f"共检查 {len(checks)} 个版本、{sealed} 个封签签名"
        + (f"、{unsealed} 个升级前未封签的签名" if unsealed else "")
        + "。"
    )
    if failing:
        click.echo(f"发现 {len(failing)} 个版本的签名校验失败。")
        raise SystemExit(1)
    click.echo("签名校验通过。")


def register(app: Flask) -> None:
    app.cli.add_command(documents_group)
