"""`flask documents ...`. Other domains add commands to `documents_group` (e.g. govdocs' import-dir)."""
import click
from flask import Flask
from flask.cli import AppGroup

documents_group = AppGroup("documents", help="受控文件与政府文件。")


@documents_group.command("load")
@click.argument("directory", type=click.Path(file_okay=False))
def load_command(directory):
    """Import the bundled document set from DIRECTORY (idempotent)."""
    from .services.loader import default_signers, load_directory

    author, reviewer, approver = default_signers()
    if approver is None:
        raise click.ClickException("尚无系统管理员账号：请先运行 flask demo load 或 flask users create。")
    report = load_directory(directory, author, reviewer, approver)
    for error in report.errors:
        click.echo("  错误：" + error, err=True)
    click.echo(report.summary())


@documents_group.command("verify-signatures")
def verify_signatures_command():
    """Check every signature's SHA-256 against the text it signed."""
    from ..extensions import db
    from .models import DocumentVersion
    from .services import signature_mismatches

    bad = 0
    for version in db.session.scalars(db.select(DocumentVersion).where(DocumentVersion.signatures.any())):
        for sig in signature_mismatches(version):
            bad += 1
            click.echo(f"  不一致：{version.document.number} {version.revision} 签名 #{sig.id}")
    click.echo("签名校验通过。" if not bad else f"发现 {bad} 个签名与内容不一致。")
    if bad:
        raise SystemExit(1)


def register(app: Flask) -> None:
    app.cli.add_command(documents_group)
