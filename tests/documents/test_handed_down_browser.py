"""A county user sees the city's rule with the county's local supplement (issue 13 item 2), in
Debian's headless Chromium: the county's document manager adds the 补充规定 through the real form,
it is approved in the county, and the county's window staff read the city text with it and 签阅."""

from datetime import timedelta

import pytest

from app.centers.context import acting_in
from app.documents.models import Document
from app.extensions import db
from tests.conftest import browser_login

from .conftest import approve


@pytest.mark.browser
def test_county_user_sees_the_city_rule_with_its_local_supplement(app, live_server, browser_page, city):
    app.config["WTF_CSRF_ENABLED"] = True  # the real forms, with their tokens
    page, base = browser_page, live_server
    a, b = city.teams.A, city.teams.B
    a_author, a_window, b_window = a.author.username, a.window.username, b.window.username

    # county A's document manager finds the city rule in the county register and adds a supplement
    browser_login(page, base, a_author)
    page.goto(f"{base}/documents/")
    row = page.locator("tr", has_text="本市下发窗口服务规范")
    assert "上级下发" in row.inner_text()
    row.locator("a", has_text="本市下发窗口服务规范").click()
    page.click("text=添加补充规定")
    page.fill("input[name=title]", "甲县窗口服务补充规定")
    page.fill("textarea[name=content_md]", "第一条　甲县窗口每日下班前登记来访人数。")
    page.fill("input[name=change_reason]", "结合本县实际")
    page.click("button:has-text('创建草稿')")
    page.wait_for_selector("text=补充规定")
    with acting_in(city.ids.A):
        db.session.expire_all()
        sup = db.session.scalar(db.select(Document).where(Document.title == "甲县窗口服务补充规定"))
        assert sup is not None and sup.handed_down_from_id == city.rule_id and sup.center_id == city.ids.A
        approve(a, sup.versions[0], city.today - timedelta(days=1))

    # county A's window staff read the city text with the supplement, and sign it as read
    page.context.clear_cookies()
    browser_login(page, base, a_window)
    page.goto(f"{base}/documents/{city.rule_id}")
    body = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert "首问负责，一次告知" in body and "本中心补充规定" in body and "甲县窗口每日下班前登记来访人数" in body
    assert "上级下发" in body
    page.click("button:has-text('签阅')")
    page.wait_for_selector("text=您已签阅")

    # county B's window staff see the city rule without A's supplement
    page.context.clear_cookies()
    browser_login(page, base, b_window)
    page.goto(f"{base}/documents/{city.rule_id}")
    body = page.inner_text("body")
    assert "首问负责，一次告知" in body and "甲县窗口每日下班前登记来访人数" not in body
