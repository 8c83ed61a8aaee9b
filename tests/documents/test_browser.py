"""A manager drafts a revision of a rule, a reviewer and the approver sign with their passwords,
the version takes effect, and compare shows the change, in Debian's headless Chromium."""

from datetime import date
from pathlib import Path

import pytest

from app.documents import services
from tests.conftest import browser_login

from .conftest import RULE_MD, approve

SHOTS = Path(__file__).parents[1] / "_screenshots"


def switch_user(page, base, user):
    page.context.clear_cookies()
    browser_login(page, base, user.username)


@pytest.mark.browser
def test_draft_review_approve_compare(app, live_server, browser_page, team):
    app.config["WTF_CSRF_ENABLED"] = True  # the real forms, with their tokens
    rule = services.create_document(team.author, "rule", "窗口服务规定", "窗口管理", "综合科", content_md=RULE_MD)
    approve(team, rule.versions[0], effective_date=date(2020, 1, 1))
    page, base = browser_page, live_server
    SHOTS.mkdir(exist_ok=True)

    # the manager drafts A/1
    switch_user(page, base, team.author)
    page.goto(f"{base}/documents/{rule.id}")
    page.click("text=起草新版本")
    page.fill("input[name=change_reason]", "增加一次性告知要求")
    page.click("button:has-text('起草')")
    page.wait_for_selector("textarea[name=content_md]")
    text = page.input_value("textarea[name=content_md]")
    page.fill("textarea[name=content_md]", text.replace("首问负责", "首问负责，一次性告知"))
    page.click("button:has-text('保存草稿')")
    page.wait_for_selector("text=草稿已保存")
    page.click("button:has-text('提交审核')")
    page.wait_for_selector("text=内容已冻结")

    # the reviewer signs 审核通过 (a wrong password first)
    switch_user(page, base, team.reviewer)
    page.goto(f"{base}/documents/{rule.id}")
    page.click("text=处理中的版本 A/1")
    page.click("a:has-text('签名')")
    page.select_option("select[name=meaning]", "审核通过")
    page.fill("input[name=password]", "wrong-password")
    page.click("button:has-text('签名')")
    page.wait_for_selector("text=签名密码不正确")
    page.select_option("select[name=meaning]", "审核通过")
    page.fill("input[name=password]", team.password)
    page.click("button:has-text('签名')")
    page.wait_for_selector("text=已签名：审核通过")

    # the approver signs 批准; effective today
    version_url = page.url
    switch_user(page, base, team.approver)
    page.goto(version_url)
    page.click("a:has-text('签名')")
    page.select_option("select[name=meaning]", "批准")
    page.fill("input[name=password]", team.password)
    page.click("button:has-text('签名')")
    page.wait_for_selector("text=已签名：批准")
    page.goto(f"{base}/documents/{rule.id}")
    assert "版本 A/1 现行" in page.inner_text(".panel")
    assert "一次性告知" in page.inner_text(".doc-body")
    page.screenshot(path=str(SHOTS / "documents_show.png"), full_page=True)

    # compare A/0 with A/1: the inserted characters are marked
    page.click("text=版本比对")
    inserted = page.locator("ins.diff").all_inner_texts()
    assert "".join(inserted) == "，一次性告知"
    page.screenshot(path=str(SHOTS / "documents_compare.png"), full_page=True)


@pytest.mark.browser
def test_window_staff_acknowledges_and_manager_sees_it(app, live_server, browser_page, team):
    app.config["WTF_CSRF_ENABLED"] = True
    rule = services.create_document(team.author, "rule", "窗口服务规定", "窗口管理", "综合科", content_md=RULE_MD)
    v = approve(team, rule.versions[0], effective_date=date(2020, 1, 1))
    page, base = browser_page, live_server
    switch_user(page, base, team.window)
    page.click("nav >> text=待签阅")
    assert "窗口服务规定" in page.inner_text("table")
    page.click("button:has-text('已阅读，签阅')")
    page.wait_for_selector("text=没有待签阅的文件")
    switch_user(page, base, team.author)
    page.goto(f"{base}/documents/versions/{v.id}/readers")
    assert "已签阅（1 人）" in page.inner_text("main") and "宋窗口" in page.inner_text("main")
    page.screenshot(path=str(SHOTS / "documents_readers.png"), full_page=True)


@pytest.mark.browser
def test_page_behaviours_run_from_the_script_file_under_the_csp(app, live_server, browser_page, team):
    """The CSP allows no inline handler (issue 12): app.js binds the compare toggle and the
    reading filter's auto-submit, and the browser reports no CSP violation."""
    rule = services.create_document(team.author, "rule", "窗口服务规定", "窗口管理", "综合科", content_md=RULE_MD)
    approve(team, rule.versions[0], effective_date=date(2020, 1, 1))
    page, base = browser_page, live_server
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    switch_user(page, base, team.author)
    page.goto(f"{base}/documents/{rule.id}/compare")
    assert "show-same" not in (page.get_attribute("body", "class") or "")
    page.check("#show-same")
    assert "show-same" in page.get_attribute("body", "class")
    page.goto(f"{base}/documents/reading")
    page.check("input[name=unread]")
    page.wait_for_url(lambda url: "unread=1" in url)
    assert violations == []
