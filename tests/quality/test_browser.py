"""The improvement loop in Debian's headless Chromium: an upheld complaint proposes a nonconformity;
the quality manager accepts it, records the root cause and an action that revises a procedure; the
document team revises and approves it; after the effectiveness period (the quality room's clock
moved three months on) the check against the records passes and the nonconformity is closed with a
signature; the next management review lists it among its inputs."""

import importlib
import pkgutil
from datetime import date, timedelta
from pathlib import Path

import pytest

import app.quality as quality_pkg
from app.documents import services as docs
from app.extensions import db
from app.quality.models import Nonconformity
from tests.conftest import browser_login
from tests.factories import approve

from .conftest import complaint

SHOTS = Path(__file__).parents[1] / "_screenshots"


def switch_user(page, base, user):
    page.context.clear_cookies()
    browser_login(page, base, user.username)


def move_quality_clock(monkeypatch, day: date):
    """Every module of the quality room reads 'today' through its own local_today name."""
    for info in pkgutil.walk_packages(quality_pkg.__path__, "app.quality."):
        module = importlib.import_module(info.name)
        if hasattr(module, "local_today"):
            monkeypatch.setattr(module, "local_today", lambda: day)


@pytest.mark.browser
def test_complaint_to_closed_nc_to_next_review(app, live_server, browser_page, qm, monkeypatch):
    app.config["WTF_CSRF_ENABLED"] = True
    page, base = browser_page, live_server
    SHOTS.mkdir(exist_ok=True)
    today = date.today()
    proc = docs.create_document(
        qm.author,
        "procedure",
        "投诉处理程序",
        "质量体系",
        "督查科",
        12,
        "all",
        "## 职责\n\n督查科受理效能投诉。\n\n## 工作程序\n\n投诉应当在五个工作日内答复。\n",
        iso_clause="9.1.2",
    )
    approve(qm, proc.versions[0], effective_date=date(2025, 1, 1))
    complaint(qm.center["wa"], today - timedelta(days=3))

    # the records propose; the quality manager accepts with a reason
    switch_user(page, base, qm.manager)
    page.goto(f"{base}/quality/proposals")
    page.click("button:has-text('从记录中查找')")
    page.wait_for_selector("text=效能投诉属实：TS-2026-001")
    row = page.locator("#proposals-table tr", has_text="TS-2026-001")
    row.locator("input[name=reason]").fill("投诉属实，窗口推诿")
    row.locator("button[value=accept]").click()
    page.wait_for_selector("text=已采纳，登记为不合格")
    nc_url = page.url
    page.fill("#correction", "当面致歉，当日办结")
    page.click("button:has-text('完成本步骤')")
    page.wait_for_selector("text=办理：原因分析")
    page.select_option("#cause_method", "6m")
    page.select_option("#cause_category", "method")
    page.fill("#why_chain", "为什么推诿？——不清楚谁来办\n为什么不清楚？——程序未写明转办时限")
    page.fill("#root_cause", "投诉处理程序未写明窗口间转办的时限")
    page.click("button:has-text('完成本步骤')")
    page.wait_for_selector("text=办理：纠正措施")
    page.fill("#action_plan", "修订投诉处理程序，写明转办一个工作日内完成")
    page.select_option("#action_owner_id", str(qm.author.id))
    page.fill("#action_due_on", (today + timedelta(days=10)).isoformat())
    page.click("button:has-text('完成本步骤')")
    page.wait_for_selector("text=办理：实施验证")

    # the action owner drafts the procedure's revision from the nonconformity
    switch_user(page, base, qm.author)
    page.goto(nc_url)
    page.fill("#document_number", proc.number)
    page.click("button:has-text('起草文件修订')")
    page.wait_for_selector("text=修订原因关联")
    version_url = page.url
    page.goto(version_url + "/edit")
    text = page.input_value("textarea[name=content_md]")
    page.fill(
        "textarea[name=content_md]",
        text.replace("五个工作日内答复。", "五个工作日内答复；窗口间转办应当在一个工作日内完成。"),
    )
    page.click("button:has-text('保存草稿')")
    page.wait_for_selector("text=草稿已保存")
    assert "纠正措施 BHG-" in page.inner_text("body")  # the reason for change links back
    page.click("button:has-text('提交审核')")
    page.wait_for_selector("text=内容已冻结")
    for signer, meaning in ((qm.reviewer, "审核通过"), (qm.approver, "批准")):
        switch_user(page, base, signer)
        page.goto(version_url)
        page.click("a:has-text('签名')")
        page.select_option("select[name=meaning]", meaning)
        page.fill("input[name=password]", qm.password)
        page.click("button:has-text('签名')")
        page.wait_for_selector(f"text=已签名：{meaning}")

    # verification by the action owner, now that the revision is approved
    switch_user(page, base, qm.author)
    page.goto(nc_url)
    page.fill("#verification_note", "新版程序已发布，抽查转办记录均在一个工作日内")
    page.click("button:has-text('完成本步骤')")
    page.wait_for_selector("text=已办理本步骤")
    assert "有效性评价" in page.inner_text("h1")

    # today the effectiveness period has not run: the check is refused
    switch_user(page, base, qm.manager)
    page.goto(nc_url)
    page.fill("#note", "尚无复发")
    page.click("button:has-text('按记录评价有效性')")
    page.wait_for_selector("text=有效性评价期未满")

    # three months and a day later the records show no upheld complaint at the window
    move_quality_clock(monkeypatch, today + timedelta(days=93))
    page.goto(nc_url)
    page.wait_for_selector("text=办理：有效性评价")
    assert "共 0 次" in page.inner_text("#recurrence")
    page.fill("#note", "三个月内该窗口无属实投诉，措施有效")
    page.click("button:has-text('按记录评价有效性')")
    page.wait_for_selector("text=有效性评价通过")
    page.fill("#comment", "措施有效")
    page.fill("#password", qm.password)
    page.click("button:has-text('签名关闭')")
    page.wait_for_selector("text=已签名关闭")
    nc = db.session.scalars(db.select(Nonconformity)).one()
    db.session.refresh(nc)
    assert nc.state == "closed" and nc.revision.status == "approved" and nc.source == "complaint"
    page.screenshot(path=str(SHOTS / "quality_nc_closed.png"), full_page=True)

    # the next management review gathers it among its inputs
    page.goto(f"{base}/quality/reviews")
    page.fill("input[name=period_start]", (today - timedelta(days=30)).isoformat())
    page.fill("input[name=period_end]", (today + timedelta(days=93)).isoformat())
    page.click("button:has-text('建立并汇总评审输入')")
    page.wait_for_selector("text=评审输入已从记录中汇总")
    nc_input = page.inner_text("#input-9-3-2c4")
    assert nc.number in nc_input and "已关闭" in nc_input and "关闭 1 项" in nc_input
    assert proc.number in page.inner_text("#input-9-3-2b")  # the revision it made is a change to the system
    page.locator("#input-9-3-2c4").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "quality_review_inputs.png"), full_page=False)
