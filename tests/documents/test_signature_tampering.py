"""Issue 11 item 2: five tamperings of the signatures, each caught by `flask documents verify-signatures`
with the version named, and shown on the reader pages (21 CFR 11.50 / 11.70)."""

import hashlib
from datetime import date

import pytest
from sqlalchemy import text

from app.documents import services
from app.documents.services.signatures import check_all, failing_versions
from app.extensions import db

from .conftest import RULE_MD, approve


@pytest.fixture
def approved(team, rule):
    v = approve(team, rule.versions[0], effective_date=date(2026, 1, 5))
    db.session.commit()
    return v


def _verify(app):
    db.session.expire_all()
    result = app.test_cli_runner().invoke(args=["documents", "verify-signatures"])
    return result.exit_code, result.output


def _tamper(sql: str, **params):
    db.session.execute(text(sql), params)
    db.session.commit()
    db.session.expire_all()


def test_untouched_signatures_pass(app, approved):
    code, out = _verify(app)
    assert code == 0 and "签名校验通过" in out and "2 个封签签名" in out


def test_content_changed_and_hashes_rewritten(app, approved):
    forged = RULE_MD + "第三条　窗口可以拒收材料。\n"
    digest = hashlib.sha256(forged.encode()).hexdigest()
    _tamper(
        "UPDATE document_versions SET content_md = :c, content_sha256 = :h WHERE id = :v",
        c=forged,
        h=digest,
        v=approved.id,
    )
    _tamper("UPDATE signatures SET content_sha256 = :h WHERE version_id = :v", h=digest, v=approved.id)
    code, out = _verify(app)
    assert code == 1 and "SF-ZD-001 A/0" in out and "正文内容" in out


def test_signature_deleted(app, approved):
    _tamper("DELETE FROM signatures WHERE version_id = :v AND meaning = '批准'", v=approved.id)
    code, out = _verify(app)
    assert code == 1 and "SF-ZD-001 A/0" in out and "已从数据库中删除" in out


def test_approval_moved_to_another_user(app, team, approved):
    _tamper(
        "UPDATE signatures SET user_id = :u WHERE version_id = :v AND meaning = '批准'",
        u=team.reviewer.id,
        v=approved.id,
    )
    code, out = _verify(app)
    assert code == 1 and "SF-ZD-001 A/0" in out and "签名人" in out


def test_title_changed(app, approved):
    _tamper("UPDATE documents SET title = '窗口服务规定（已篡改）' WHERE id = :d", d=approved.document_id)
    code, out = _verify(app)
    assert code == 1 and "SF-ZD-001 A/0" in out and "文件名称" in out


def test_effective_date_changed(app, approved):
    _tamper("UPDATE document_versions SET effective_date = '2020-01-01' WHERE id = :v", v=approved.id)
    code, out = _verify(app)
    assert code == 1 and "SF-ZD-001 A/0" in out and "生效日期" in out


def test_manifest_rewritten_without_the_key_is_caught(app, approved):
    _tamper(
        "UPDATE signatures SET manifest = replace(manifest, '窗口服务规定', '别的规定') WHERE version_id = :v",
        v=approved.id,
    )
    code, out = _verify(app)
    assert code == 1 and "封签不符" in out


def test_every_round_is_checked(app, team, rule):
    v = rule.versions[0]
    services.submit(team.author, v)
    services.sign(team.reviewer, v, team.password, "驳回", comment="第二条表述不清")
    db.session.commit()
    services.update_draft(team.author, v, RULE_MD + "第三条　补充。\n", "首次发布", v.row_version)
    approve(team, v, effective_date=date(2026, 1, 5))
    db.session.commit()
    assert _verify(app)[0] == 0  # the rejection of round 1 signed the earlier text: still valid
    _tamper("DELETE FROM signatures WHERE version_id = :v AND meaning = '驳回'", v=v.id)
    code, out = _verify(app)
    assert code == 1 and "已从数据库中删除" in out


def test_audited_rename_is_not_a_failure(app, team, approved):
    doc = approved.document
    services.update_document(
        team.author,
        doc,
        doc.row_version,
        "窗口服务管理规定",
        doc.category,
        doc.owner_office,
        doc.review_interval_months,
        doc.distribution,
        doc.iso_clause,
    )
    code, out = _verify(app)
    assert code == 0, out
    assert check_all()[0].notes


def test_readers_see_a_failing_version_and_managers_are_told(app, client, auth, team, users, approved):
    page = client  # noqa: F841
    auth.login(team.window)
    ok = client.get(f"/rules/{approved.document_id}").get_data(as_text=True)
    assert "签名有效" in ok
    _tamper("UPDATE document_versions SET effective_date = '2020-01-01' WHERE id = :v", v=approved.id)
    failing_versions.__globals__["_failing_cache"].clear()
    for url in (
        f"/rules/{approved.document_id}",
        f"/documents/{approved.document_id}",
        f"/documents/versions/{approved.id}",
    ):
        r = client.get(url)
        if r.status_code == 200:
            assert "签名校验失败" in r.get_data(as_text=True), url
    auth.logout()
    auth.login(team.approver)
    word = client.get(f"/documents/versions/{approved.id}/export")
    assert word.status_code == 200
    import io
    import zipfile

    zf = zipfile.ZipFile(io.BytesIO(word.data))
    assert "签名校验失败" in "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml"))
    home = client.get("/").get_data(as_text=True)
    assert "签名校验失败" in home and "SF-ZD-001" in home
