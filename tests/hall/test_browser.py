"""The main path in a real browser: window staff record a 首问, hand it to another window, the
receiving window confirms, turns it into a case, asks for 补正 with the checklist and prints the
一次性告知书."""

import io

import pytest
from docx import Document

from tests.conftest import browser_login


@pytest.mark.browser
def test_first_contact_to_printed_notice(hall, live_server, browser_page, tmp_path):
    page = browser_page
    browser_login(page, live_server, "wa")
    page.click("nav >> text=窗口服务")
    page.fill("#visitor", "闻溪")
    page.fill("#matter", "办理食品经营许可")
    page.click("#record-contact")  # the second click: recorded
    page.wait_for_selector("text=已登记首问")
    assert hall.wa.label in page.inner_text("#owner-window")
    page.select_option("#to_window_id", str(hall.wb.id))
    page.fill("#reason", "该事项属于食品许可窗口")
    page.click("#handover-button")
    page.wait_for_selector("text=等待接收窗口确认")
    page.screenshot(path=str(tmp_path / "handed.png"))
    page.click("button:has-text('退出')")
    page.wait_for_url(lambda url: "/login" in url)

    browser_login(page, live_server, "wb")
    page.click("text=首问转交待您窗口确认")  # the home page's task
    page.click("#confirm-button")
    page.wait_for_selector("text=已确认接收")
    assert hall.wb.label in page.inner_text("#owner-window")
    page.select_option("#item_id", str(hall.item.id))
    page.click("#to-case-button")
    page.wait_for_selector("#checklist-form")
    page.check("text=食品经营许可申请书")
    page.check("text=营业执照")
    page.click("#issue-notice")
    page.wait_for_selector("text=已出具一次性告知书")
    assert "补正计时停止" in page.inner_text("#clock-stopped")
    row = page.inner_text("#notices")
    assert "经营场所平面图" in row and "法定代表人身份证明" in row
    with page.expect_download() as info:
        page.click("text=打印告知书（.docx）")
    path = tmp_path / "notice.docx"
    info.value.save_as(path)
    cells = [c.text for t in Document(io.BytesIO(path.read_bytes())).tables for r in t.rows for c in r.cells]
    assert "经营场所平面图" in cells and "营业执照" not in cells
    # "printed or sent": the same notice queued to the applicant by SMS (the outbox job sends it)
    page.fill("#recipient", "13812341234")
    page.click("#send-notice")
    page.wait_for_selector("text=已放入发送队列")
    assert "等待发送" in page.inner_text("#messages")
