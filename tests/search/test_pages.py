"""The search page through HTTP, and in a real browser."""

import pytest

from tests.conftest import browser_login
from tests.search.helpers import controlled, gov


def test_search_page_shows_highlighted_results_and_hides_drafts_from_window_staff(app, client, users, auth):
    g = gov(
        "关于落实一次性告知制度的通知",
        "窗口工作人员应当一次性告知申请人需要补正的全部内容。",
        number="示政办〔2024〕13号",
    )
    current = controlled("窗口服务规范", "实行一次性告知，不让群众多跑腿。")
    draft = controlled("一次性告知实施细则（草案）", "一次性告知的草稿文字", status="draft")
    auth.login(users["window_staff"])
    html = client.get("/search/?q=一次性告知").get_data(as_text=True)
    assert "<mark>一次性告知</mark>申请人" in html
    assert "示政办〔2024〕13号" in html and "窗口服务规范" in html
    assert "草案" not in html and "草稿文字" not in html
    assert f"/govdocs/{g.id}?hl=" in html and f"/documents/versions/{current.id}" in html
    assert "共找到 2 个文件" in html
    auth.logout()
    auth.login(users["doc_manager"])
    html = client.get("/search/?q=一次性告知").get_data(as_text=True)
    assert "草案" in html and "共找到 3 个文件" in html
    assert draft.id


def test_search_page_filters_and_empty_states(app, client, users, auth):
    gov("行政许可事项限时办结规定", "实行限时办结制度。", category="行政审批")
    gov("窗口服务规范", "限时办结，首问负责。", category="窗口管理")
    auth.login(users["window_staff"])
    html = client.get("/search/?q=限时办结&category=行政审批").get_data(as_text=True)
    assert "共找到 1 个文件" in html and "行政许可事项" in html
    assert "没有找到" in client.get("/search/?q=不存在的文字").get_data(as_text=True)
    assert "请输入要查找的文字" in client.get("/search/").get_data(as_text=True)
    assert client.get("/search/?q=限时&page=abc").status_code == 200


def test_search_result_is_checked_again_on_load(app, client, users, auth):
    """An index entry the database no longer backs (e.g. withdrawn in another process whose
    index write failed) is not shown."""
    from app.extensions import db
    from app.search.backend import get_backend

    g = gov("暂行办法", "依申请公开的答复期限。")
    db.session.execute(db.text("UPDATE gov_documents SET voided_at = CURRENT_TIMESTAMP WHERE id = :i"), {"i": g.id})
    db.session.commit()  # raw SQL: the session events never see it, so the index still has it
    assert get_backend().search("依申请公开").total == 1
    auth.login(users["window_staff"])
    assert "暂行办法" not in client.get("/search/?q=依申请公开").get_data(as_text=True)


@pytest.mark.browser
def test_browser_search_and_open_result(app, live_server, browser_page, users):
    g = gov(
        "关于全面推行首问负责制的通知",
        "第一位接待办事群众的工作人员为首问责任人，应当热情接待。",
        number="示政办〔2024〕12号",
    )
    page = browser_page
    browser_login(page, live_server, "window_staff")
    page.fill("form.searchbox input[name=q]", "首问责任人")
    page.click("form.searchbox button[type=submit]")
    page.wait_for_selector(".search-result")
    assert page.locator(".search-result mark").first.inner_text() == "首问责任人"
    page.screenshot(path="tests/_screenshots/search_results.png", full_page=True)
    page.click(".search-result a.result-title")
    page.wait_for_url(f"**/govdocs/{g.id}?hl=*")
    assert page.locator("mark#hl-1").inner_text() == "首问责任人"
    page.screenshot(path="tests/_screenshots/govdoc_view.png", full_page=True)


def test_snippets_read_as_plain_text_not_markdown():
    from app.search.analysis import highlight_pattern
    from app.search.services.results import snippets

    text = "## 第四章 受理与办理\n\n第十四条　窗口实行**首问负责**制。\n\n- 一次性告知"
    out = [str(s) for s in snippets(text, highlight_pattern(["首问负责"]))]
    assert out and "<mark>首问负责</mark>" in out[0]
    assert "#" not in out[0] and "**" not in out[0]
