"""The bundled-set loader: front matter parsing, approved versions with signatures, idempotence."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from app.audit.models import AuditEntry
from app.documents import services
from app.documents.logic import lifecycle as lc
from app.documents.logic.frontmatter import FrontMatterError, parse_version_file, split_front_matter
from app.documents.models import Document, DocumentVersion, Signature
from app.documents.services.loader import load_directory
from app.extensions import db

FIXTURES = Path(__file__).parent / "fixtures"


def count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_front_matter_parser():
    meta, body = split_front_matter("---\nkind: rule\ntitle: “引号”标题：含冒号\n---\n## 第一章\n")
    assert meta == {"kind": "rule", "title": "“引号”标题：含冒号"} and body == "## 第一章\n"
    with pytest.raises(FrontMatterError):
        split_front_matter("no front matter")
    with pytest.raises(FrontMatterError, match="没有以 --- 结束"):
        split_front_matter("---\nkind: rule\n")
    with pytest.raises(FrontMatterError, match="effective_date"):
        parse_version_file("---\nkind: rule\nnumber: X\ntitle: t\nrevision: A/0\neffective_date: 2020-13-01\n---\n")
    with pytest.raises(FrontMatterError, match="缺少元数据"):
        parse_version_file("---\nkind: rule\n---\n")
    vf = parse_version_file((FIXTURES / "procedures" / "SF-QP-91_A0.md").read_text("utf-8"))
    assert (vf.iso_clause, vf.distribution, vf.review_interval_months) == ("7.5", "doc_manager,admin", 24)


def test_load_is_idempotent_and_versions_are_signed(team, tmp_path):
    src = tmp_path / "docs"
    shutil.copytree(FIXTURES, src)
    (src / "rules" / "SF-ZD-901_A1.md").rename(tmp_path / "later.md")  # load A/0 first
    report = load_directory(str(src), team.author, team.reviewer, team.approver)
    assert (report.documents_created, report.versions_added, report.errors) == (2, 2, [])
    rule = services.find_by_number("SF-ZD-901")
    assert rule.kind == "rule" and rule.seq == 901 and rule.category == "窗口管理"
    proc = services.find_by_number("SF-QP-91")
    assert proc.iso_clause == "7.5" and proc.distribution == "doc_manager,admin"

    snapshot = (count(Document), count(DocumentVersion), count(Signature), count(AuditEntry))
    again = load_directory(str(src), team.author, team.reviewer, team.approver)
    assert (again.documents_created, again.versions_added, again.unchanged) == (0, 0, 2)
    assert (count(Document), count(DocumentVersion), count(Signature), count(AuditEntry)) == snapshot

    (tmp_path / "later.md").rename(src / "rules" / "SF-ZD-901_A1.md")
    third = load_directory(str(src), team.author, team.reviewer, team.approver)
    assert (third.documents_created, third.versions_added) == (0, 1)
    db.session.expire_all()
    a0, a1 = sorted(rule.versions, key=lambda v: v.revision)
    assert services.version_in_force(rule, date(2022, 1, 1)) == a0
    assert services.version_in_force(rule, date(2024, 1, 1)) == a1
    assert services.status_of_version(a0) == lc.S_SUPERSEDED and services.status_of_version(a1) == lc.S_CURRENT
    assert services.version_in_force(rule, date(2019, 12, 31)) is None
    assert [(s.user_id, s.meaning) for s in a1.signatures] == [
        (team.reviewer.id, "审核通过"),
        (team.approver.id, "批准"),
    ]
    assert services.signature_mismatches(a1) == [] and a1.content_sha256 == lc.content_sha256(a1.content_md)
    assert "第三条　交接班时应当填写值班记录。" in a1.content_md


def test_bad_files_are_reported_not_loaded(team, tmp_path):
    (tmp_path / "bad.md").write_text(
        "---\nkind: poster\nnumber: X-1\ntitle: t\nrevision: A/0\neffective_date: 2020-01-01\n---\n", "utf-8"
    )
    report = load_directory(str(tmp_path), team.author, team.reviewer, team.approver)
    assert report.versions_added == 0 and "未知的 kind" in report.errors[0]
    assert load_directory(str(tmp_path / "missing"), team.author).errors


def test_cli_load_command(app, team):
    from app.auth.models import User  # noqa: F401

    runner = app.test_cli_runner()
    result = runner.invoke(args=["documents", "load", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    assert "新建文件 2 份，新增版本 3 个" in result.output
    result = runner.invoke(args=["documents", "load", str(FIXTURES)])
    assert "新增版本 0 个" in result.output
    assert runner.invoke(args=["documents", "verify-signatures"]).exit_code == 0


def test_front_matter_refuses_a_repeated_key():
    import pytest

    from app.documents.logic.frontmatter import FrontMatterError, split_front_matter

    with pytest.raises(FrontMatterError, match="重复"):
        split_front_matter("---\nnumber: SF-ZD-001\nnumber: SF-ZD-002\n---\n正文\n")
