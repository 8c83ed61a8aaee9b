"""The page frame at the hall's common screen sizes: the header on one line, tables of a rule ruled."""

import pytest

from app.extensions import db
from tests.conftest import browser_login
from tests.factories import approve

TABLE_MD = """第一条　窗口办理时限如下表。

| 事项 | 承诺时限 |
|---|---|
| 食品经营许可 | 5 个工作日 |
"""


def _header_spread(page) -> float:
    """How far apart, in px, the vertical middles of the header's items are (0 on one line; a wrapped
    second row is some 40 px lower)."""
    return page.evaluate("""() => { const m = [...document.querySelectorAll(
        '.topbar > .brand, .mainnav a, .searchbox, .userbox')].map(e => { const r = e.getBoundingClientRect();
        return r.top + r.height / 2; }); return Math.max(...m) - Math.min(...m); }""")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 1920])
def test_the_header_stays_on_one_line_for_the_fullest_menu(live_server, browser_page, users, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 768})
    browser_login(page, live_server, "admin")  # the administrator has the longest menu
    page.goto(live_server + "/")
    assert _header_spread(page) < 12
    assert page.evaluate("document.querySelector('.topbar').getBoundingClientRect().height") < 70
    assert page.locator(".userbox").inner_text().startswith(users["admin"].display_name)
    page.screenshot(path=f"tests/_screenshots/layout_header_{width}.png")


@pytest.mark.browser
def test_a_table_in_a_rule_is_ruled_on_screen(live_server, browser_page, team):
    from app.documents import services

    doc = services.create_document(team.author, "rule", "办理时限规定", "窗口管理", "综合科", 12, "all", TABLE_MD)
    approve(team, doc.versions[0])
    db.session.commit()
    page = browser_page
    browser_login(page, live_server, team.window.username)
    page.goto(f"{live_server}/rules/{doc.id}")
    cell = page.locator(".doc-body td").first
    assert cell.inner_text() == "食品经营许可"
    border = cell.evaluate("td => getComputedStyle(td).borderTopWidth + ' ' + getComputedStyle(td).borderTopStyle")
    assert border == "1px solid"
    page.screenshot(path="tests/_screenshots/layout_rule_table.png", full_page=True)
