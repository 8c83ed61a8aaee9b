"""Issue 11 item 7: `flask backup create | verify | restore` round-trips an instance into an empty one:
documents, versions, signatures (still sealed), scores, cases, uploads and the audit chain."""

import io
import os
from datetime import date

from docx import Document as Docx
from sqlalchemy import select

from app import create_app
from app.assessment.models import ScoreEntry
from app.audit.models import AuditEntry
from app.config import TestConfig
from app.documents import services as docs
from app.documents.models import DocumentVersion, Signature
from app.extensions import db
from app.govdocs import services as govdocs
from app.records.models import Case
from app.records.services import cases as case_services
from tests.factories import create_center as make_center

PASSWORD = "password123"


def _snapshot():
    versions = [
        (v.document.number, v.revision, v.content_md, v.status, v.effective_date)
        for v in db.session.scalars(select(DocumentVersion).order_by(DocumentVersion.id))
    ]
    sigs = [(s.id, s.user_id, s.meaning, s.seal) for s in db.session.scalars(select(Signature).order_by(Signature.id))]
    scores = [
        (e.id, e.item_code, e.count, e.note) for e in db.session.scalars(select(ScoreEntry).order_by(ScoreEntry.id))
    ]
    cases = [(c.number, c.applicant) for c in db.session.scalars(select(Case).order_by(Case.id))]
    audit = [(a.id, a.hash) for a in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    return versions, sigs, scores, cases, audit


def _uploads(folder):
    out = {}
    for root, _d, names in os.walk(folder):
        for n in names:
            with open(os.path.join(root, n), "rb") as fh:
                out[os.path.relpath(os.path.join(root, n), folder)] = fh.read()
    return out


def _empty_database_beside(url: str) -> str:
    """SQLite: a new file (the restored instance's own). PostgreSQL: a new, empty database on the same
    server, as the empty instance on another machine would have."""
    if url.startswith("sqlite"):
        return ""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "hallmark_restore_" + uuid.uuid4().hex[:8]
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _database_file(target: str) -> str:
    import json

    with open(os.path.join(target, "manifest.json"), encoding="utf-8") as fh:
        return json.load(fh)["database"]


def test_backup_round_trip_into_an_empty_instance(app, users, tmp_path):
    from tests.documents.conftest import RULE_MD

    admin, mgr = users["admin"], users["doc_manager"]
    for kind in ("rule",):
        setting = docs.kind_setting(kind)
        setting.reviewer_ids = str(mgr.id)
        setting.approver_id = admin.id
    db.session.commit()
    from app.auth.models import User

    writer = User(username="writer", display_name="林起草", role="doc_manager")
    writer.set_password(PASSWORD)
    db.session.add(writer)
    db.session.commit()
    d = docs.create_document(writer, "rule", "窗口服务规定", "窗口管理", "综合科", 12, "all", RULE_MD)
    v = d.versions[0]
    docs.submit(writer, v)
    docs.sign(mgr, v, PASSWORD, "审核通过")
    docs.sign(admin, v, PASSWORD, "批准", effective_date=date(2026, 1, 5), allow_past=True)
    center = make_center(admin)
    case_services.register_case(admin, center["committed"], __import__("datetime").datetime(2025, 6, 3, 9), "某公司")

    buf = io.BytesIO()
    word = Docx()
    word.add_paragraph("关于优化营商环境的通知")
    word.add_paragraph("各有关单位：现将有关事项通知如下。")
    word.save(buf)
    govdocs.upload(writer, buf.getvalue(), "通知.docx", govdocs.Meta())
    db.session.commit()
    before = _snapshot()
    uploads_before = _uploads(app.config["UPLOAD_DIR"])
    assert uploads_before and before[1] and before[3]
    runner = app.test_cli_runner()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0

    target = str(tmp_path / "backup")
    r = runner.invoke(args=["backup", "create", target, "--include-key"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(args=["backup", "verify", target])
    assert r.exit_code == 0 and "校验通过" in r.output

    # an empty instance elsewhere
    other_dir = tmp_path / "restored"
    other_dir.mkdir()
    empty = _empty_database_beside(app.config["SQLALCHEMY_DATABASE_URI"])
    database = {"SQLALCHEMY_DATABASE_URI": empty} if empty else {}
    other = create_app(
        TestConfig(
            str(other_dir),
            **database,
            SEARCH_INDEX_DIR=str(other_dir / "search_index"),
            UPLOAD_DIR=str(other_dir / "uploads"),
            AUDIT_KEY_FILE=str(other_dir / "audit.key"),
            AUDIT_CHECKPOINT_FILE=str(other_dir / "audit_checkpoints.jsonl"),
        )
    )
    with other.app_context():
        r = other.test_cli_runner().invoke(args=["backup", "restore", target])
        assert r.exit_code == 0, r.output
        assert "审计密钥与备份时不同" not in r.output
        db.session.remove()
        assert _snapshot() == before
        assert _uploads(other.config["UPLOAD_DIR"]) == uploads_before
        assert other.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0
        r = other.test_cli_runner().invoke(args=["documents", "verify-signatures"])
        assert r.exit_code == 0 and "签名校验通过" in r.output
        again = other.test_cli_runner().invoke(args=["backup", "restore", target])
        assert again.exit_code != 0 and "只能恢复到空的实例" in again.output
        db.session.remove()
        db.engine.dispose()


def test_a_changed_backup_fails_verify(app, users, tmp_path):
    make_center(users["admin"])
    target = str(tmp_path / "b")
    assert app.test_cli_runner().invoke(args=["backup", "create", target]).exit_code == 0
    database = _database_file(target)  # database.sqlite3 or, on PostgreSQL, database.pgdump
    with open(os.path.join(target, database), "r+b") as fh:
        fh.seek(200)
        fh.write(b"\x00\x01\x02")
    r = app.test_cli_runner().invoke(args=["backup", "verify", target])
    assert r.exit_code == 1 and database in r.output
