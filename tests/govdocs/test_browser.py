import pytest

from tests.conftest import browser_login


@pytest.mark.browser
def test_browser_upload_then_duplicate_is_refused(app, live_server, browser_page, users, tmp_path):
    path = tmp_path / "好差评实施细则.md"
    path.write_text("# 好差评工作实施细则\n\n差评应当在三个工作日内核实整改并回访。\n", encoding="utf-8")
    page = browser_page
    browser_login(page, live_server, "doc_manager")
    page.goto(live_server + "/govdocs/upload")
    page.set_input_files("input[name=file]", str(path))
    page.fill("input[name=issuer]", "示范市政务服务管理局")
    page.fill("input[name=doc_number]", "示政服〔2025〕6号")
    page.fill("input[name=issued_on]", "2025-05-09")
    page.fill("input[name=category]", "窗口管理")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("h1:has-text('好差评工作实施细则')")
    assert "示政服〔2025〕6号" in page.content()
    page.goto(live_server + "/govdocs/upload")
    page.set_input_files("input[name=file]", str(path))
    page.click("form.form button[type=submit]")
    page.wait_for_selector(".error")
    assert "该文件已在库中" in page.inner_text(".error")
    page.screenshot(path="tests/_screenshots/govdocs_duplicate.png", full_page=True)
    page.click(".flash-warning a")
    page.wait_for_selector("h1:has-text('好差评工作实施细则')")
    page.goto(live_server + "/govdocs/")
    page.screenshot(path="tests/_screenshots/govdocs_index.png", full_page=True)
    assert page.locator("table.table tbody tr").count() == 1
