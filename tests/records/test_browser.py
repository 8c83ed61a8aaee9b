"""In a real browser: a window clerk enters a case received long ago and sees it red."""

import pytest

from app.core.timeutil import local_today
from app.core.workdays import add_workdays
from tests.conftest import browser_login
from tests.factories import create_center, put_on_window


@pytest.mark.browser
def test_enter_a_case_and_see_it_red(app, users, live_server, browser_page):
    center = create_center(users["admin"])
    received = add_workdays(local_today(), -8)  # limit 5: overdue by now
    put_on_window(
        users["admin"],
        users["window_staff"],
        center["staff"][0],
        center["wa"],
        *sorted({received.year, local_today().year}),
    )
    page = browser_page
    browser_login(page, live_server, "window_staff")
    page.goto(live_server + "/records/cases/new")
    page.select_option("select[name=item_id]", label="SX-001 食品经营许可")
    page.fill("input[name=received_at]", f"{received:%Y-%m-%d}T09:30")
    page.fill("input[name=applicant]", "某某餐饮有限公司")
    page.click("main button.primary")
    page.wait_for_selector("#case-light")
    assert "已收件" in page.inner_text(".flash")
    assert page.inner_text("#case-light") == "红灯"
    number = page.inner_text("h1").split()[1]
    page.goto(live_server + "/records/lights?light=red")
    assert number in page.inner_text("#lights-table")
    page.screenshot(path="tests/_screenshots/records_lights.png", full_page=True)
    # a case received today stays green
    page.goto(live_server + "/records/cases/new")
    page.select_option("select[name=item_id]", label="SX-001 食品经营许可")
    page.fill("input[name=applicant]", "今日申请人")
    page.click("main button.primary")
    page.wait_for_selector("#case-light")
    assert page.inner_text("#case-light") == "绿灯"
    assert center["wa"].label in page.inner_text("main")
