"""In a real browser (issue 12): the administrator creates accounts for a window's roster, one person
signs in with the initial password, must change it, enters a case for their window, and cannot read
another window's applicant. No page breaks the CSP (no inline handler, app.js does the work)."""

from datetime import datetime

import pytest

from app.core.timeutil import local_today
from app.extensions import db
from app.records import services as records
from app.records.services import cases as case_services
from tests.conftest import browser_login
from tests.factories import create_center


@pytest.mark.browser
def test_roster_accounts_first_sign_in_and_window_bound_applicant_data(app, users, live_server, browser_page):
    admin = users["admin"]
    center = create_center(admin)
    today = local_today()
    for staff, window in zip(center["staff"], (center["wa"], center["wa"], center["wb"]), strict=False):
        records.add_to_roster(admin, window, staff.id, today.year, None)
    other = case_services.register_case(
        admin,
        center["committed"],
        datetime(today.year, today.month, today.day, 9, 0),
        "岑雪松",
        window_id=center["wb"].id,
        applicant_phone="13700004321",
    )
    db.session.commit()
    page = browser_page
    csp_errors = []
    page.on("console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)

    # 1. the administrator makes the accounts of window A's roster and gets the sheet
    browser_login(page, live_server, "admin")
    page.goto(live_server + "/users/roster")
    page.select_option("select[name=window_id]", label=center["wa"].label)
    page.click("main form.panel button.primary")
    page.wait_for_selector("table.sheet")
    rows = page.locator("table.sheet tbody tr")
    assert rows.count() == 2
    sheet = {
        rows.nth(i).locator("td").first.inner_text(): (
            rows.nth(i).locator("code.username").inner_text(),
            rows.nth(i).locator("code.initial-password").inner_text(),
        )
        for i in range(rows.count())
    }
    assert set(sheet) == {center["staff"][0].name, center["staff"][1].name}
    page.screenshot(path="tests/_screenshots/auth_initial_passwords.png", full_page=True)
    page.click("header button.link")  # 退出
    page.wait_for_url(lambda url: "/login" in url)

    # 2. the first person signs in with the initial password and must choose their own
    username, initial = sheet[center["staff"][0].name]
    browser_login(page, live_server, username, initial)
    assert page.url.endswith("/account/password")
    page.goto(live_server + "/records/cases/")
    assert page.url.endswith("/account/password")  # nothing else until the password is changed
    page.fill("input[name=current]", initial)
    page.fill("input[name=new]", "password123")
    page.fill("input[name=confirm]", "password123")
    page.click("main button.primary")
    assert "太常见" in page.inner_text("main")
    page.fill("input[name=current]", initial)
    page.fill("input[name=new]", "Lantern-river-58")
    page.fill("input[name=confirm]", "Lantern-river-58")
    page.click("main button.primary")
    page.wait_for_url(lambda url: "/account/password" not in url)
    assert "密码已修改" in page.inner_text(".flash")

    # 3. a case for their own window
    page.goto(live_server + "/records/cases/new")
    assert page.locator("select[name=window_id] option").all_inner_texts() == [center["wa"].label]
    page.select_option("select[name=item_id]", label="SX-001 食品经营许可")
    page.fill("input[name=applicant]", "甘露清")
    page.fill("input[name=applicant_phone]", "13900005678")
    page.click("main button.primary")
    page.wait_for_selector("#case-light")
    assert "已收件" in page.inner_text(".flash")
    assert "甘露清" in page.inner_text("main") and "13900005678" in page.inner_text("main")

    # 4. another window's case: the applicant is masked
    page.goto(live_server + f"/records/cases/{other.id}")
    main = page.inner_text("main")
    assert "岑雪松" not in main and "13700004321" not in main
    assert "岑**" in main and "137****4321" in main
    page.screenshot(path="tests/_screenshots/auth_masked_applicant.png", full_page=True)
    assert csp_errors == []
