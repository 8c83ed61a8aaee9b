"""Issue 14 in headless Chromium: the evaluator proposes for all windows, opens a proposal's
evidence, cites an article from the chooser; the month is locked after its end by someone else
(issue 12: who submits does not lock) and the bulletin downloaded is marked 公示稿."""

from datetime import date, datetime

import pytest
from docx import Document as DocxDocument

from app.extensions import db
from app.records.models import Case
from tests.conftest import PASSWORD, browser_login


@pytest.mark.browser
def test_evaluator_proposes_cites_and_the_bulletin_is_a_draft(live_server, browser_page, rule, hall, users):
    w2 = hall["windows"][1]
    db.session.add(
        Case(
            number="BJ2026030200001",
            window_id=w2.id,
            received_at=datetime(2026, 3, 2, 9),
            received_on=date(2026, 3, 2),
            due_on=date(2026, 3, 10),
            yellow_on=date(2026, 3, 8),
            completed_on=date(2026, 3, 12),
            is_open=False,
        )
    )
    db.session.commit()
    page = browser_page
    browser_login(page, live_server, users["evaluator"].username)
    page.goto(live_server + "/assessment/")
    page.fill("input[name=year]", "2026")
    page.select_option("select[name=month]", "3")
    page.click("text=开启考核")
    page.wait_for_url("**/assessment/2026/3")

    page.click("text=从业务记录为全部窗口生成建议")
    page.wait_for_selector("text=已从业务记录为 5 个窗口生成建议 1 条")
    page.click("a:has-text('02号 综合受理2')")
    page.wait_for_url("**/assessment/sheets/*")
    evidence = page.locator("[data-testid=evidence] a")
    assert evidence.count() == 1 and "同一办件只计一次" in page.content()
    evidence.first.click()
    page.wait_for_url("**/records/cases/*")
    assert "BJ2026030200001" in page.content()
    page.go_back()

    # accept the proposal, then an entry citing an article picked from the chooser
    page.click("text=采纳")
    page.wait_for_selector("text=已采纳系统建议")
    options = page.locator("datalist#article-choices option")
    assert options.count() >= 1 and options.first.get_attribute("value") == "SF-ZD-017 第一条"
    page.select_option("select[name=item_code]", "S1")
    page.fill("input[name=occurred_on]", "2026-03-05")
    page.fill("input[name=article]", options.first.get_attribute("value"))
    page.fill("textarea[name=note]", "3月5日巡查未佩戴工作牌")
    page.click("text=保存记录")
    page.wait_for_selector("text=已记入评分表")
    assert page.locator("[data-testid=article-text]").count() == 1

    page.click("text=2026年3月考核")
    page.click("text=评分完成，提交审核")
    page.wait_for_selector("text=已提交审核")
    assert "职责分离" in page.inner_text("[data-testid=duties]")
    page.click("text=退出")
    browser_login(page, live_server, users["admin"].username)
    page.goto(live_server + "/assessment/2026/3")
    page.fill("input[name=password]", PASSWORD)
    page.click("text=审核签名并锁定，开始公示")
    page.wait_for_selector("text=已审核锁定")
    page.click("text=排名与流动红旗")
    assert "公示稿" in page.inner_text("[data-testid=result-words]")
    with page.expect_download() as download:
        page.click("text=考核通报 .docx")
    text = "\n".join(p.text for p in DocxDocument(download.value.path()).paragraphs)
    assert "【公示稿】" in text and "拟授予" in text
    page.screenshot(path="tests/_screenshots/assessment_ranking_publicity.png", full_page=True)
