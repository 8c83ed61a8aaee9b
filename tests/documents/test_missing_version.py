"""Issue 11 item 3: an edit form posted without its row_version field is refused like a stale one."""

from app.documents import services
from app.documents.models import Document, DocumentVersion
from app.extensions import db
from tests.conftest import AuthActions

from .conftest import RULE_MD


def test_draft_edit_without_version_is_refused(client, team, rule):
    AuthActions(client).login(team.author)
    v = rule.versions[-1]
    r = client.post(
        f"/documents/versions/{v.id}/edit",
        data={"content_md": RULE_MD + "第三条　无版本。", "change_reason": "首次发布"},
    )
    assert "缺少版本信息" in r.get_data(as_text=True)
    db.session.expire_all()
    assert "无版本" not in db.session.get(DocumentVersion, v.id).content_md


def test_properties_without_version_are_refused(client, team, rule):
    AuthActions(client).login(team.author)
    r = client.post(
        f"/documents/{rule.id}/properties",
        data={
            "title": "被覆盖的名称",
            "category": "窗口管理",
            "owner_office": "督查科",
            "review_interval_months": 24,
            "distribution_roles": ["window_staff"],
        },
    )
    assert "缺少版本信息" in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Document, rule.id).title != "被覆盖的名称"


def test_service_refuses_none_from_a_form(team, rule):
    v = rule.versions[-1]
    try:
        services.update_draft(team.author, v, RULE_MD + "乙", "首次发布", None)
    except services.StaleEditError as exc:
        assert "缺少版本信息" in str(exc)
    else:
        raise AssertionError("a missing version went through")
