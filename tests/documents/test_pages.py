"""What the document pages read (services/pages.py), the new document from text or Word
(transfer.create_document), the number lookup, and the forms' checks behind the thin views:
repeal with a replacing document, Word import without a file, the kind settings' save."""

import io

from app.core.timeutil import local_today
from app.documents import queries, services
from app.documents.logic import lifecycle as lc
from app.documents.models import KindSetting
from app.documents.services import pages, transfer
from app.extensions import db
from tests.conftest import AuthActions
from tests.factories import attendance_rule_docx

from .conftest import RULE_MD, approve


def test_document_page_shows_the_version_in_force_and_hides_drafts_from_window_staff(team, rule):
    today = local_today()
    approve(team, rule.versions[0])
    draft = services.create_draft(team.author, rule, change_reason="修订")
    db.session.commit()

    mine = pages.document_page(team.author, rule, today)
    assert mine["current"] is rule.versions[0] and mine["shown"] is rule.versions[0]
    assert mine["versions"] == [draft, rule.versions[0]] and mine["open_version"] is draft
    assert [ok for _sig, ok in mine["signatures"]] == [True, True] and mine["acked"] is False

    window = pages.document_page(team.window, rule, today)
    assert window["versions"] == [rule.versions[0]]
    assert pages.visible(team.window, draft) is False and pages.visible(team.author, draft) is True
    assert pages.is_handed_down(team.author, rule) is False


def test_version_and_sign_pages_say_who_signs_next(team, rule):
    v = rule.versions[0]
    services.submit(team.author, v)
    db.session.commit()
    for_reviewer = pages.version_page(team.reviewer, v)
    assert for_reviewer["steps"] == ["reviewer"] and for_reviewer["pending"] == [team.reviewer.id]
    assert for_reviewer["hash_ok"] is True and for_reviewer["doc"] is rule
    waiting = pages.sign_page(team.approver, v, services.signer_steps(team.approver, v))
    assert waiting["steps"] == [] and waiting["waiting"] is True and waiting["numbering_problems"] == []
    assert pages.version_page(team.window, v)["steps"] == []


def test_compare_page_takes_the_named_versions_or_the_last_two(team, rule):
    approve(team, rule.versions[0])
    second = services.create_draft(team.author, rule, change_reason="修订")
    services.update_draft(team.author, second, RULE_MD + "\n第九条　新增一条。\n", "修订", second.row_version)
    db.session.commit()
    page = pages.compare_page(team.author, rule, None, None, local_today())
    assert (page["old"], page["new"]) == (rule.versions[0], second)
    assert page["counts"]["added"] == 1 and page["counts"]["removed"] == 0
    same = pages.compare_page(team.author, rule, second.id, second.id, local_today())
    assert (same["old"], same["new"]) == (second, second) and same["counts"]["added"] == 0
    assert pages.compare_page(team.window, rule, None, None, local_today())["new"] is None  # one released version


def test_create_document_from_typed_text_or_from_a_word_file(team):
    typed = transfer.create_document(team.author, None, content_md=RULE_MD, kind="rule", title="打字的规定")
    assert typed.versions[0].content_md == RULE_MD
    data = attendance_rule_docx(["第一条　为了加强考勤管理，制定本规定。"])
    word = transfer.create_document(
        team.author, (io.BytesIO(data), "考勤.docx"), content_md="不用", kind="rule", title=""
    )
    assert word.title == "考勤管理规定" and "第一条" in word.versions[0].content_md
    assert "不用" not in word.versions[0].content_md
    assert queries.document_by_number(f"  {word.number} ") is word
    assert queries.document_by_number("SF-NONE-999") is None


def test_repeal_names_an_unknown_replacement_and_saves_nothing(client, team, rule):
    approve(team, rule.versions[0])
    other = services.create_document(team.author, "rule", "新规定", content_md=RULE_MD)
    db.session.commit()
    AuthActions(client).login(team.author)
    form = {"reason": "被替代", "replaced_by": "SF-ZD-999", "on_date": local_today().isoformat()}
    page = client.post(f"/documents/{rule.id}/repeal", data=form).get_data(as_text=True)
    assert "找不到编号为 SF-ZD-999 的文件" in page
    db.session.expire_all()
    assert rule.repealed_on is None
    form["replaced_by"] = f" {other.number} "
    assert client.post(f"/documents/{rule.id}/repeal", data=form).status_code == 302
    db.session.expire_all()
    assert rule.repealed_on == local_today() and rule.replaced_by is other
    assert services.status_of_document(rule) == lc.S_REPEALED


def test_import_without_a_file_asks_for_one(client, team, rule):
    AuthActions(client).login(team.author)
    page = client.post(f"/documents/{rule.id}/import", data={"change_reason": "x"}).get_data(as_text=True)
    assert "请选择要导入的 Word 文件" in page
    db.session.expire_all()
    assert len(rule.versions) == 1


def test_kind_settings_save_refuse_a_bad_pattern_and_an_unknown_kind(client, team):
    AuthActions(client).login(team.author)
    saved = client.post(
        "/documents/settings",
        data={
            "kind": "form",
            "form-number_pattern": "{org}-JL-{seq:04d}",
            "form-reviewers": [team.reviewer.id],
            "form-approver": 0,
        },
    )
    assert saved.status_code == 302
    db.session.expire_all()
    setting = db.session.scalar(db.select(KindSetting).filter_by(kind="form"))
    assert setting.number_pattern == "{org}-JL-{seq:04d}" and setting.reviewer_id_list == [team.reviewer.id]
    bad = client.post(
        "/documents/settings", data={"kind": "form", "form-number_pattern": "{org}-{nope}", "form-approver": 0}
    )
    assert "编号规则格式不正确" in bad.get_data(as_text=True) and "{org}-{nope}" in bad.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(db.select(KindSetting).filter_by(kind="form")).number_pattern == "{org}-JL-{seq:04d}"
    unknown = client.post("/documents/settings", data={"kind": "nope"}, follow_redirects=True)
    assert "请选择要保存的文件类别" in unknown.get_data(as_text=True)
