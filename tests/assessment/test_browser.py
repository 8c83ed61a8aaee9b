"""An evaluator scores a window in headless Chromium, locks the month and sees the red flags."""

import pytest

from tests.conftest import PASSWORD, browser_login


@pytest.mark.browser
def test_evaluator_scores_locks_and_sees_red_flags(live_server, browser_page, rule, hall, users):
    page = browser_page
    browser_login(page, live_server, users["evaluator"].username)
    page.goto(live_server + "/assessment/")
    page.fill("input[name=year]", "2026")
    page.select_option("select[name=month]", "3")
    page.click("text=开启考核")
    page.wait_for_url("**/assessment/2026/3")
    assert "共 5 个窗口" in page.content()

    # window 02 loses 6 points for late marks
    page.click("text=02号 综合受理2")
    page.select_option("select[name=item_code]", "D1")
    page.fill("input[name=count]", "6")
    page.fill("input[name=occurred_on]", "2026-03-09")
    page.fill("textarea[name=note]", "3月9日考勤记录六人次迟到")
    page.click("text=保存记录")
    page.wait_for_selector("text=已记入评分表")
    assert page.inner_text("[data-testid=sheet-total]").strip() == "94 分"
    assert "迟到、早退 6人次×1 = 6" in page.content()

    # window 01 earns a thank-you letter: 101, alone at the top
    page.click("text=2026年3月考核")
    page.click("text=01号 综合受理1")
    page.select_option("select[name=item_code]", "B1")
    page.fill("textarea[name=note]", "收到服务对象感谢信一封")
    page.click("text=保存记录")
    page.wait_for_selector("text=已记入评分表")
    assert page.inner_text("[data-testid=sheet-total]").strip() == "101 分"

    page.click("text=2026年3月考核")
    page.click("text=评分完成，提交审核")
    page.wait_for_selector("text=已提交审核")
    # the evaluator who submitted cannot lock (segregation of duties): the administrator reviews
    page.click("text=退出")
    browser_login(page, live_server, users["admin"].username)
    page.goto(live_server + "/assessment/2026/3")
    page.fill("input[name=password]", "wrong-password")
    page.click("text=审核签名并锁定，开始公示")
    page.wait_for_selector("text=签名密码不正确")
    page.fill("input[name=password]", PASSWORD)
    page.click("text=审核签名并锁定，开始公示")
    page.wait_for_selector("text=已审核锁定")
    page.screenshot(path="tests/_screenshots/assessment_month.png", full_page=True)

    page.click("text=排名与流动红旗")
    flags = page.inner_text("[data-testid=red-flags]")
    assert "01号 综合受理1" in flags and "02号" not in flags and "03号" not in flags  # quota: 1 of 5 windows
    page.screenshot(path="tests/_screenshots/assessment_ranking.png", full_page=True)
