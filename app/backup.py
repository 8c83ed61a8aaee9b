"""Backup and restore of one HallMark instance (issue 11 item 7): `flask backup create | verify | restore`.

A backup is a folder:
  database.sqlite3      a consistent snapshot by SQLite's online backup API (writers keep working), or
  database.pgdump       `pg_dump --format=custom` for PostgreSQL;
  files/uploads/…       every uploaded original and evidence file (UPLOAD_DIR: govdocs, assessment …);
  audit_checkpoints.jsonl  the audit trail's signed checkpoints (they live outside the database);
  audit.key             only with --include-key (see below);
  manifest.json         what is in it: each file's size and SHA-256, row counts, the audit chain's
                        head and length, the evidence key's fingerprint, when and from where.

The evidence key (AUDIT_KEY or instance/audit.key) seals the audit chain and the signatures. Keep it
apart from the backups (another medium, a password safe): whoever has both could re-seal a changed
copy. --include-key puts it in the backup for a self-contained copy (then guard the backup like the key).
The search index is not backed up: it is rebuilt from the database on first use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import subprocess
import time

import click
from flask import Flask, current_app
from sqlalchemy.engine import make_url

from .extensions import db

MANIFEST = "manifest.json"
FORMAT = 1
COUNTED = (
    "users",
    "documents",
    "document_versions",
    "signatures",
    "acknowledgements",
    "audit_entries",
    "assessment_months",
    "assessment_sheets",
    "assessment_entries",
    "rec_cases",
    "rec_complaints",
    "gov_documents",
    "number_sequences",
)


class BackupError(click.ClickException):
    pass


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _is_sqlite() -> bool:
    return db.engine.url.get_backend_name() == "sqlite"


def _sqlite_path() -> str:
    return db.engine.url.database


def _pg_env(url) -> tuple[list[str], dict]:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    args = ["-h", url.host or "localhost", "-p", str(url.port or 5432), "-U", url.username or "postgres"]
    return args, env


def _checkpoint_file() -> str:
    return current_app.config.get("AUDIT_CHECKPOINT_FILE") or os.path.join(
        current_app.instance_path, "audit_checkpoints.jsonl"
    )


def _key_file() -> str:
    return current_app.config.get("AUDIT_KEY_FILE") or os.path.join(current_app.instance_path, "audit.key")


def _key_fingerprint() -> str:
    from .audit.keys import master_key

    return hmac.new(master_key(), b"hallmark backup key fingerprint", hashlib.sha256).hexdigest()[:16]


def _counts(conn_tables: set, count) -> dict:
    return {t: count(t) for t in COUNTED if t in conn_tables}


def _db_counts() -> dict:
    from sqlalchemy import inspect, text

    tables = set(inspect(db.engine).get_table_names())
    return _counts(tables, lambda t: db.session.execute(text(f"SELECT count(*) FROM {t}")).scalar())


def _audit_head() -> dict:
    from .audit.models import AuditEntry

    last = db.session.scalars(
        db.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1).execution_options(all_centers=True)
    ).first()
    n = db.session.scalar(db.select(db.func.count()).select_from(AuditEntry).execution_options(all_centers=True))
    return {"rows": n, "last_id": last.id if last else None, "head": last.hash if last else None}


def _copy_tree(src: str, dst: str) -> None:
    if os.path.isdir(src):
        shutil.copytree(src, dst, dirs_exist_ok=True)


def _files_of(root: str) -> dict:
    out = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            if rel == MANIFEST:
                continue
            out[rel] = {"size": os.path.getsize(path), "sha256": _sha256(path)}
    return out


def create(path: str, include_key: bool = False) -> dict:
    if os.path.exists(path) and os.listdir(path):
        raise BackupError(f"备份目录 {path} 已存在且不为空，请指定新的目录。")
    os.makedirs(path, exist_ok=True)
    started = time.perf_counter()
    db.session.commit()  # nothing of ours pending in the snapshot
    if _is_sqlite():
        src = sqlite3.connect(_sqlite_path())
        dst = sqlite3.connect(os.path.join(path, "database.sqlite3"))
        with dst:
            src.backup(dst)  # the online backup API: a consistent copy while others write
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal/-shm beside it
        dst.close()
        src.close()
        database = "database.sqlite3"
    else:
        url = make_url(str(db.engine.url))
        args, env = _pg_env(url)
        out = os.path.join(path, "database.pgdump")
        run = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", *args, "-f", out, url.database],
            env=env,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise BackupError("pg_dump 失败：" + run.stderr.strip())
        database = "database.pgdump"
    _copy_tree(current_app.config["UPLOAD_DIR"], os.path.join(path, "files", "uploads"))
    if os.path.exists(_checkpoint_file()):
        shutil.copy2(_checkpoint_file(), os.path.join(path, "audit_checkpoints.jsonl"))
    if include_key:
        key = current_app.config.get("AUDIT_KEY") or os.environ.get("AUDIT_KEY")
        if key:
            with open(os.path.join(path, "audit.key"), "w", encoding="utf-8") as fh:
                fh.write(key + "\n")
        elif os.path.exists(_key_file()):
            shutil.copy2(_key_file(), os.path.join(path, "audit.key"))
        os.chmod(os.path.join(path, "audit.key"), 0o600)
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "database": database,
        "engine": "sqlite" if _is_sqlite() else "postgresql",
        "counts": _db_counts(),
        "audit": _audit_head(),
        "key_fingerprint": _key_fingerprint(),
        "key_included": include_key,
        "files": _files_of(path),
    }
    with open(os.path.join(path, MANIFEST), "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
    manifest["seconds"] = round(time.perf_counter() - started, 2)
    return manifest


def verify(path: str) -> tuple[dict, list[str]]:
    """The manifest and what is wrong with the backup (missing, changed or extra files, a database
    copy that fails SQLite's integrity check)."""
    try:
        with open(os.path.join(path, MANIFEST), encoding="utf-8") as fh:
            manifest = json.load(fh)
    except (OSError, ValueError):
        return {}, [f"{path} 中没有可读的 manifest.json：不是 HallMark 备份或已损坏。"]
    problems = []
    found = _files_of(path)
    for rel, meta in manifest.get("files", {}).items():
        if rel not in found:
            problems.append(f"缺少文件：{rel}")
        elif found[rel] != meta:
            problems.append(f"文件已改变（大小或 SHA-256 与备份时不同）：{rel}")
    for rel in sorted(set(found) - set(manifest.get("files", {}))):
        problems.append(f"多出备份时没有的文件：{rel}")
    if manifest.get("database") == "database.sqlite3" and not problems:
        con = sqlite3.connect(f"file:{os.path.join(path, 'database.sqlite3')}?mode=ro&immutable=1", uri=True)
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            con.close()
        if result != "ok":
            problems.append(f"数据库副本未通过完整性检查：{result}")
    return manifest, problems


def _target_is_empty() -> list[str]:
    from sqlalchemy import inspect, text

    reasons = []
    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    for t in sorted(tables):
        if db.session.execute(text(f"SELECT count(*) FROM {t}")).scalar():
            reasons.append(f"数据库表 {t} 已有数据")
            break
    uploads = current_app.config["UPLOAD_DIR"]
    if os.path.isdir(uploads) and any(files for _d, _s, files in os.walk(uploads)):
        reasons.append(f"上传目录 {uploads} 不为空")
    return reasons


def restore(path: str) -> dict:
    manifest, problems = verify(path)
    if problems:
        raise BackupError("备份校验未通过，未恢复任何内容：\n" + "\n".join(problems))
    busy = _target_is_empty()
    if busy:
        raise BackupError("只能恢复到空的实例（" + "；".join(busy) + "）。请使用新的实例目录 / 空数据库。")
    started = time.perf_counter()
    db.session.remove()
    if manifest["database"] == "database.sqlite3":
        if not _is_sqlite():
            raise BackupError("这是 SQLite 备份，当前实例使用 PostgreSQL。")
        target = _sqlite_path()
        db.engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(target + suffix):
                os.remove(target + suffix)
        src = sqlite3.connect(f"file:{os.path.join(path, 'database.sqlite3')}?mode=ro&immutable=1", uri=True)
        dst = sqlite3.connect(target)
        with dst:
            src.backup(dst)
        dst.close()
        src.close()
    else:
        if _is_sqlite():
            raise BackupError("这是 PostgreSQL 备份，当前实例使用 SQLite。")
        url = make_url(str(db.engine.url))
        args, env = _pg_env(url)
        db.engine.dispose()
        run = subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                *args,
                "-d",
                url.database,
                os.path.join(path, "database.pgdump"),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise BackupError("pg_restore 失败：" + run.stderr.strip())
    _copy_tree(os.path.join(path, "files", "uploads"), current_app.config["UPLOAD_DIR"])
    if os.path.exists(os.path.join(path, "audit_checkpoints.jsonl")):
        os.makedirs(os.path.dirname(_checkpoint_file()) or ".", exist_ok=True)
        shutil.copy2(os.path.join(path, "audit_checkpoints.jsonl"), _checkpoint_file())
    key_note = ""
    if os.path.exists(os.path.join(path, "audit.key")) and not (
        current_app.config.get("AUDIT_KEY") or os.environ.get("AUDIT_KEY")
    ):
        # the instance was empty, so nothing was sealed with a key it may have made at start-up
        if os.path.exists(_key_file()):
            os.replace(_key_file(), f"{_key_file()}.replaced-{int(time.time())}")
        os.makedirs(os.path.dirname(_key_file()) or ".", exist_ok=True)
        shutil.copy2(os.path.join(path, "audit.key"), _key_file())
        os.chmod(_key_file(), 0o600)
        current_app.extensions.pop("hallmark_keys", None)
    if _key_fingerprint() != manifest.get("key_fingerprint"):
        key_note = (
            "注意：本实例的审计密钥与备份时不同，审计追踪和电子签名将无法校验。"
            "请把备份时的 AUDIT_KEY 或 audit.key 放回本实例后再运行 flask audit verify。"
        )
    counts = _db_counts()
    if counts != manifest.get("counts"):
        raise BackupError(f"恢复后的行数与备份时不同：{counts} ≠ {manifest.get('counts')}")
    return {"seconds": round(time.perf_counter() - started, 2), "counts": counts, "key_note": key_note}


def register(app: Flask) -> None:
    @app.cli.group("backup", help="备份与恢复（数据库快照、上传文件、审计检查点、清单）。")
    def backup_group():
        pass

    @backup_group.command("create")
    @click.argument("path", type=click.Path(file_okay=False))
    @click.option("--include-key", is_flag=True, help="把审计密钥也放进备份（备份须与密钥同等保管）。")
    def create_cmd(path, include_key):
        """Write a consistent backup of this instance into the new folder PATH."""
        m = create(path, include_key)
        click.echo(
            f"已备份到 {path}：{len(m['files'])} 个文件，审计追踪 {m['audit']['rows']} 条，用时 {m['seconds']} 秒。"
        )
        if not include_key:
            click.echo(
                "审计密钥未放入备份：请另行保管 AUDIT_KEY 或 instance/audit.key（恢复后校验审计追踪和签名要用）。"
            )

    @backup_group.command("verify")
    @click.argument("path", type=click.Path(file_okay=False, exists=True))
    def verify_cmd(path):
        """Check every file of the backup against its manifest (and the database copy's integrity)."""
        manifest, problems = verify(path)
        for p in problems:
            click.echo("  " + p)
        if problems:
            click.echo(f"备份 {path} 校验未通过：{len(problems)} 处问题。")
            raise SystemExit(1)
        click.echo(f"备份 {path} 校验通过（{manifest['created_at']}，{len(manifest['files'])} 个文件）。")

    @backup_group.command("restore")
    @click.argument("path", type=click.Path(file_okay=False, exists=True))
    def restore_cmd(path):
        """Restore the backup in PATH into this (empty) instance."""
        r = restore(path)
        click.echo(f"已恢复：{r['counts']}，用时 {r['seconds']} 秒。搜索索引将在首次使用时从数据库重建。")
        if r["key_note"]:
            click.echo(r["key_note"])
