"""Pages and forms through the test client: register, document, on-date, drafting, signing,
stale edits, compare, Word import/export, 签阅."""

import io
import re
from datetime import date

from docx import Document as WordDocument

from app.documents import services
from app.documents.models import DocumentVersion
from app.extensions import db
from tests.conftest import AuthActions
from tests.factories import attendance_rule_docx

from .conftest import RULE_MD, approve


def login(client, user):
    AuthActions(client).login(user)


def test_register_filters_and_hides_drafts_from_window_staff(client, team, rule):
    other = services.create_document(team.author, "procedure", "文件控制程序", "质量体系", content_md="## 1 目的\n")
    approve(team, other.versions[0], effective_date=date(2021, 1, 1))
    login(client, team.author)
    page = client.get("/documents/").get_data(as_text=True)
    assert "窗口服务规定" in page and "文件控制程序" in page and "草稿" in page
    page = client.get("/documents/?kind=procedure").get_data(as_text=True)
    assert "窗口服务规定" not in page and "文件控制程序" in page
    page = client.get("/documents/?status=draft").get_data(as_text=True)
    assert "窗口服务规定" in page and "文件控制程序" not in page
    client.post("/logout")
    login(client, team.window)
    page = client.get("/documents/").get_data(as_text=True)
    assert "文件控制程序" in page and "窗口服务规定" not in page
    assert client.get(f"/documents/{rule.id}").status_code == 404
    assert client.get(f"/documents/versions/{rule.versions[0].id}").status_code == 404


def test_manager_drafts_and_stale_form_is_refused(client, team):
    login(client, team.author)
    r = client.post("/documents/new", data={"kind": "rule", "title": "", "review_interval_months": 12})
    assert "请填写文件名称" in r.get_data(as_text=True)
    r = client.post(
        "/documents/new",
        data={
            "kind": "rule",
            "title": "考勤规定",
            "category": "综合管理",
            "review_interval_months": 12,
            "content_md": RULE_MD,
            "change_reason": "首次发布",
        },
    )
    assert r.status_code == 302
    doc = services.find_by_number("SF-ZD-001")
    v = doc.versions[0]
    form_version = v.row_version
    r = client.post(
        f"/documents/versions/{v.id}/edit",
        data={"content_md": RULE_MD + "第三条　甲。", "change_reason": "首次发布", "row_version": form_version},
    )
    assert r.status_code == 302
    r = client.post(
        f"/documents/versions/{v.id}/edit",
        data={"content_md": RULE_MD + "第三条　乙。", "change_reason": "首次发布", "row_version": form_version},
    )
    body = r.get_data(as_text=True)
    assert "已被他人修改" in body and "第三条　乙。" in body  # input kept on the form
    db.session.expire_all()
    assert db.session.get(DocumentVersion, v.id).content_md.endswith("第三条　甲。")


def test_sign_form_and_on_date_page(client, team, rule):
    v = rule.versions[0]
    services.submit(team.author, v)
    login(client, team.reviewer)
    r = client.post(f"/documents/versions/{v.id}/sign", data={"meaning": "审核通过", "password": "nope"})
    assert "签名密码不正确" in r.get_data(as_text=True)
    r = client.post(f"/documents/versions/{v.id}/sign", data={"meaning": "审核通过", "password": team.password})
    assert r.status_code == 302
    client.post("/logout")
    login(client, team.approver)
    r = client.post(
        f"/documents/versions/{v.id}/sign",
        data={"meaning": "批准", "password": team.password, "effective_date": "2030-01-01"},
    )
    assert r.status_code == 302
    page = client.get(f"/documents/{rule.id}/on?date=2029-12-31").get_data(as_text=True)
    assert "尚未生效" in page
    page = client.get(f"/documents/{rule.id}/on?date=2030-01-01").get_data(as_text=True)
    assert "挂牌上岗" in page and "2030年1月1日" in page
    page = client.get(f"/documents/{rule.id}").get_data(as_text=True)
    assert "已批准（待生效）" in page and "一致" in page


def test_compare_shows_character_changes(client, team, rule):
    approve(team, rule.versions[0], effective_date=date(2020, 1, 1))
    draft = services.create_draft(team.author, rule, change_reason="修订")
    services.update_draft(
        team.author, draft, RULE_MD.replace("首问负责", "首问负责、一次告知"), "修订", draft.row_version
    )
    login(client, team.auditor)
    page = client.get(f"/documents/{rule.id}/compare?a={rule.versions[0].id}&b={draft.id}").get_data(as_text=True)
    assert "第二条" in page and '<ins class="diff">' in page and "一次告知" in page
    assert "修改 1 处" in page


def test_acknowledge_through_the_page(client, team, rule):
    v = approve(team, rule.versions[0])
    login(client, team.window)
    assert "窗口服务规定" in client.get("/documents/to-read").get_data(as_text=True)
    client.post(f"/documents/versions/{v.id}/acknowledge")
    assert "没有待签阅的文件" in client.get("/documents/to-read").get_data(as_text=True)
    client.post("/logout")
    login(client, team.author)
    page = client.get(f"/documents/versions/{v.id}/readers").get_data(as_text=True)
    # five others, less the 审核员, who changes nothing and is no reader (issue 12)
    assert "宋窗口" in page and re.search(r"未签阅（4 人）", page) and "钱审计" not in page


def test_import_docx_makes_a_draft_and_bad_files_save_nothing(client, team, rule):
    approve(team, rule.versions[0])
    login(client, team.author)
    before = db.session.scalar(db.select(db.func.count()).select_from(DocumentVersion))
    r = client.post(
        f"/documents/{rule.id}/import",
        data={"file": (io.BytesIO(b"not a zip"), "x.docx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert r.status_code == 200 and "flash-danger" in r.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(DocumentVersion)) == before
    data = attendance_rule_docx(["第一条　为了加强考勤管理，制定本规定。", "第二条　工作人员按时签到。"])
    r = client.post(
        f"/documents/{rule.id}/import",
        data={"file": (io.BytesIO(data), "考勤.docx"), "change_reason": "按 Word 稿修订"},
        content_type="multipart/form-data",
    )
    assert r.status_code == 302
    db.session.expire_all()
    draft = services.open_version(rule)
    assert draft.revision == "A/1" and "第二条　工作人员按时签到。" in draft.content_md


def test_export_controlled_and_uncontrolled(client, team, rule):
    v = approve(team, rule.versions[0])
    login(client, team.window)
    r = client.get(f"/documents/versions/{v.id}/export?controlled=1")  # not a manager: uncontrolled anyway
    assert r.status_code == 200
    header = " ".join(p.text for s in WordDocument(io.BytesIO(r.data)).sections for p in s.header.paragraphs)
    assert "非受控（打印件）" in header and "宋窗口" in header
    client.post("/logout")
    login(client, team.author)
    r = client.get(f"/documents/versions/{v.id}/export?controlled=1")
    header = " ".join(p.text for s in WordDocument(io.BytesIO(r.data)).sections for p in s.header.paragraphs)
    assert "受控" in header and "非受控" not in header and rule.number in header


def test_new_document_from_word_file(client, team):
    login(client, team.author)
    data = attendance_rule_docx(["第一条　为了加强考勤管理，制定本规定。"])
    r = client.post(
        "/documents/new",
        data={
            "kind": "rule",
            "title": "",
            "review_interval_months": 12,
            "change_reason": "首次发布",
            "file": (io.BytesIO(data), "考勤.docx"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 302
    doc = services.find_by_number("SF-ZD-001")
    assert doc.title == "考勤管理规定" and "第一条　为了加强考勤管理" in doc.versions[0].content_md
    r = client.post(
        "/documents/new",
        data={
            "kind": "rule",
            "title": "坏文件",
            "review_interval_months": 12,
            "file": (io.BytesIO(b"PK\x03\x04 broken"), "坏.docx"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 200 and "flash-danger" in r.get_data(as_text=True)
    assert services.find_by_number("SF-ZD-002") is None
    r = client.post("/documents/new", data={"kind": "rule", "title": "", "review_interval_months": 12})
    assert "请填写文件名称" in r.get_data(as_text=True)


def test_properties_edit_with_stale_check(client, team, rule):
    login(client, team.author)
    loaded = rule.row_version
    form = {
        "title": "窗口服务规定（修订名称）",
        "category": "窗口管理",
        "owner_office": "督查科",
        "review_interval_months": 24,
        "distribution_roles": ["window_staff"],
        "row_version": loaded,
    }
    assert client.post(f"/documents/{rule.id}/properties", data=form).status_code == 302
    db.session.expire_all()
    assert (rule.title, rule.review_interval_months, rule.distribution) == (
        "窗口服务规定（修订名称）",
        24,
        "window_staff",
    )
    form["title"] = "另一个人的修改"
    body = client.post(f"/documents/{rule.id}/properties", data=form).get_data(as_text=True)
    assert "已被他人修改" in body
    db.session.expire_all()
    assert rule.title == "窗口服务规定（修订名称）"


def test_reading_the_settings_page_creates_no_rows(client, users, auth):
    """A GET only reads: the kind settings page shows the default numbering for kinds never saved,
    without writing those defaults to the database (it used to add and commit them)."""
    from app.documents.models import KindSetting

    auth.login(users["doc_manager"])
    page = client.get("/documents/settings")
    assert page.status_code == 200
    assert "{org}-ZD-{seq:03d}" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(KindSetting)) == 0
