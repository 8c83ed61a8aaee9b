"""In a real browser: the city's evaluator opens 三级汇总 for June 2026, sees the three levels side by
side with the chart, and drills down to a county, its window and that window's cases."""

import pytest

from tests.conftest import browser_login
from tests.rollup.conftest import YEAR


@pytest.mark.browser
def test_city_rollup_chart_and_drill_down(app, city, live_server, browser_page):
    page = browser_page
    browser_login(page, live_server, "city_evaluator")
    page.click("nav.mainnav >> text=三级汇总")
    page.fill("input[name=month]", f"{YEAR}-06")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("h1:has-text('2026年6月 三级汇总')")
    levels = page.locator("table.rollup-table").evaluate_all("ts => ts.map(t => t.dataset.level)")
    assert levels == ["city", "county", "township"]
    chart = page.locator("svg.rollup-chart")
    assert chart.is_visible() and chart.bounding_box()["height"] > 100
    assert chart.locator("rect").count() >= 2 * 5
    page.screenshot(path="tests/_screenshots/rollup_city.png", full_page=True)
    page.click("table[data-level=county] >> text=甲县政务服务中心")
    page.wait_for_selector("h1:has-text('各窗口')")
    assert "全中心合计" in page.inner_text("main")
    page.locator("table.rollup-table tbody tr td a").first.click()
    page.wait_for_selector("h1:has-text('收件的办件')")
    assert page.locator("main table tbody tr").count() == 3  # county A (k = 1): three June cases at window 6
    assert page.inner_text("main").count("超期办结") == 1  # the one closed after its due date
    page.screenshot(path="tests/_screenshots/rollup_window_cases.png", full_page=True)
