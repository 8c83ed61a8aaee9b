"""Rule list, rule page with its articles, and the compilation of rules in force."""

from datetime import date

from app.documents import services
from tests.conftest import AuthActions
from tests.factories import RULE_MD, approve


def test_rule_pages(client, team):
    rule = services.create_document(team.author, "rule", "窗口服务规定", "窗口管理", content_md=RULE_MD)
    approve(team, rule.versions[0], effective_date=date(2020, 1, 1))
    draft_only = services.create_document(team.author, "rule", "尚在起草的规定", content_md="第一条　草稿。")
    old = services.create_document(team.author, "rule", "已废止的规定", content_md="第一条　旧。")
    approve(team, old.versions[0], effective_date=date(2019, 1, 1))
    services.repeal(team.author, old, "不再适用", None, date(2021, 1, 1))
    AuthActions(client).login(team.window)

    page = client.get("/rules/").get_data(as_text=True)
    assert "窗口服务规定" in page and "尚在起草的规定" not in page and "已废止的规定" not in page
    page = client.get("/rules/?date=2020-06-01").get_data(as_text=True)
    assert "已废止的规定" in page  # it was still in force then

    page = client.get(f"/rules/{rule.id}").get_data(as_text=True)
    assert 'id="art-2"' in page and "第二条" in page and "第一章 总则" in page and "共 2 条" in page
    assert client.get(f"/rules/{draft_only.id}").status_code == 404

    page = client.get("/rules/compilation").get_data(as_text=True)
    assert "制度汇编" in page and "窗口服务规定" in page and "挂牌上岗" in page and "已废止的规定" not in page
