"""`flask search reindex | check | query`."""

import json
import time

import click
from flask import Flask
from flask.cli import AppGroup

from ..extensions import db
from . import sources
from .backend import get_backend

search_group = AppGroup("search", help="全文检索索引。")


@search_group.command("reindex")
def reindex():
    """从数据库重建整个索引（一次提交：重建期间旧索引照常可用）。"""
    backend = get_backend()
    total = sources.count_all()
    start = time.perf_counter()
    with click.progressbar(length=total, label="重建索引", show_pos=True) as bar:
        n = backend.rebuild(progress=bar.update)
    click.echo(f"已索引 {n} 条，用时 {time.perf_counter() - start:.1f} 秒。")


def compare(backend) -> tuple[list[str], list[str]]:
    """(keys to (re)write, keys to drop): database items missing or changed in the index, and
    index entries the database no longer has."""
    in_index = backend.keys()
    wanted = {d.key: d.stamp for d in sources.load_all()}
    stale = sorted(k for k, stamp in wanted.items() if in_index.get(k) != stamp)
    extra = sorted(set(in_index) - set(wanted))
    return stale, extra


@search_group.command("check")
@click.option("--dry-run", is_flag=True, help="只报告差异，不修复。")
def check(dry_run):
    """比较索引与数据库，并修复差异（缺失、过期、多余的条目）。"""
    backend = get_backend()
    problems = backend.inspect() if hasattr(backend, "inspect") else []
    if problems:
        click.echo("索引损坏：")
        for problem in problems:
            click.echo("  " + problem)
        if dry_run:
            click.echo("（--dry-run：未修复。搜索暂由数据库扫描回答。）")
            return
        start = time.perf_counter()
        n = backend.repair()
        click.echo(f"已从数据库重建索引：{n} 条，用时 {time.perf_counter() - start:.1f} 秒。")
    stale, extra = compare(backend)
    click.echo(f"需要更新 {len(stale)} 条，需要删除 {len(extra)} 条。")
    if (stale or extra) and not dry_run:
        docs = sources.load(stale)
        backend.update(docs, extra)
        click.echo("已修复。")


@search_group.command("query")
@click.argument("text")
@click.option("--kind", default="", help="rule / manual / procedure / instruction / form / govdoc")
@click.option("--limit", default=20, show_default=True, type=int)
@click.option("--all", "include_restricted", is_flag=True, help="包括草稿等未生效文件。")
def query(text, kind, limit, include_restricted):
    """检索并每行输出一个 JSON 对象：id, kind, number, title, status, score。"""
    backend = get_backend()
    result = backend.search(text, filters={"kind": kind}, per_page=limit, include_restricted=include_restricted)
    docs = {d.key: d for d in sources.load([h.key for h in result.hits])}
    for hit in result.hits:
        d = docs.get(hit.key)
        if d is None:
            continue
        click.echo(
            json.dumps(
                {
                    "id": hit.key,
                    "kind": d.kind,
                    "number": d.number,
                    "title": d.title,
                    "status": d.status,
                    "score": round(hit.score, 4),
                },
                ensure_ascii=False,
            )
        )
    db.session.remove()


def register(app: Flask) -> None:
    app.cli.add_command(search_group)
