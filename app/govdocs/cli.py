"""`flask documents import-dir DIR`: load a folder of government documents (recursively)."""

import os

import click
from flask import Flask, current_app

from ..audit.services import record
from ..auth.models import User
from ..documents.cli import documents_group
from ..extensions import db
from ..search.index_events import deferred_indexing
from . import services


@documents_group.command("import-dir")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--user", "username", default="admin", show_default=True, help="以哪个账号的名义导入（需有上传权限）。")
@click.option("--verbose", is_flag=True, help="列出每个跳过或拒绝的文件。")
def import_dir(folder, username, verbose):
    """导入一个文件夹（含子文件夹）中的政府文件：.docx/.pdf/.txt/.md；类别取自所在文件夹名。"""
    user = db.session.scalar(db.select(User).filter_by(username=username))
    if user is None:
        raise click.ClickException(f"用户 {username} 不存在。")
    paths = services.files_in(folder)
    summary = services.ImportSummary()
    with deferred_indexing(current_app._get_current_object()):
        with click.progressbar(paths, label="导入中", show_pos=True) as bar:
            for path in bar:
                outcome, message = services.import_file(user, path, folder)
                db.session.commit()  # file by file: a refused file later does not undo this one
                rel = os.path.relpath(path, folder)
                if outcome == "imported":
                    summary.imported.append(rel)
                else:
                    getattr(summary, outcome).append((rel, message))
        click.echo("正在更新搜索索引…")
    record(
        user,
        "import",
        "govdoc_folder",
        None,
        {
            "folder": os.path.abspath(folder),
            "imported": len(summary.imported),
            "skipped": len(summary.skipped),
            "refused": len(summary.refused),
        },
    )
    db.session.commit()
    if verbose:
        for rel, message in summary.skipped:
            click.echo(f"跳过 {rel}: {message}")
    for rel, message in summary.refused:
        click.echo(f"拒绝 {rel}: {message}")
    click.echo(
        f"导入 {len(summary.imported)} 个，跳过 {len(summary.skipped)} 个（重复或类型不支持），拒绝 {len(summary.refused)} 个。"
    )


def register(app: Flask) -> None:
    """import-dir is attached to the documents group, which app/documents/cli.py registers."""
