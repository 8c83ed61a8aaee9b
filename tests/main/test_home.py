"""The home page's 待办 list: each role sees what waits for it, with a link it may open."""

from app.documents import services
from tests.conftest import PASSWORD
from tests.factories import RULE_MD, approve


def _home(client, user):
    client.post("/logout")
    client.post("/login", data={"username": user.username, "password": PASSWORD})
    return client.get("/").get_data(as_text=True)


def test_empty_center_says_nothing_waits(client, users, auth):
    auth.login(users["window_staff"])
    page = client.get("/").get_data(as_text=True)
    assert "待办事项" in page and "目前没有等您处理的事项" in page


def test_draft_review_signature_and_reading_reach_the_right_people(client, team):
    doc = services.create_document(team.author, "rule", "窗口服务规定", "窗口管理", "综合科", 12, "all", RULE_MD)
    v = doc.versions[0]

    page = _home(client, team.author)
    assert "您的草稿未提交审核" in page and f"/documents/versions/{v.id}" in page

    services.submit(team.author, v)
    reviewer_page = _home(client, team.reviewer)
    assert f"待您审核签名：{doc.number}" in reviewer_page
    assert f"/documents/versions/{v.id}/sign" in reviewer_page
    approver_page = _home(client, team.approver)
    assert "待您批准签名" not in approver_page  # the reviewer has not passed it yet
    window_page = _home(client, team.window)
    assert "签名" not in window_page

    approve(team, v)
    assert "待您批准签名" not in _home(client, team.approver)
    window_page = _home(client, team.window)
    assert "有 1 份现行文件待您签阅" in window_page and "/documents/to-read" in window_page
    assert "文件定期评审" not in window_page  # window staff cannot open the review dashboard


def test_approver_sees_the_version_once_reviewed(client, team):
    doc = services.create_document(team.author, "rule", "窗口服务规定", "窗口管理", "综合科", 12, "all", RULE_MD)
    v = doc.versions[0]
    services.submit(team.author, v)
    services.sign(team.reviewer, v, team.password, "审核通过")
    page = _home(client, team.approver)
    assert f"待您批准签名：{doc.number}" in page


def test_auditor_gets_no_task_it_cannot_do(client, team):
    doc = services.create_document(team.author, "rule", "窗口服务规定", "窗口管理", "综合科", 12, "all", RULE_MD)
    services.submit(team.author, doc.versions[0])
    page = _home(client, team.auditor)
    assert "签名" not in page and "草稿" not in page
