"""三级汇总 (issue 13 item 3): each level's centers side by side, computed in SQL grouped by center,
with the same definitions as each center's own pages; who sees which center (visible_center_ids,
purpose statistics); the drill-down center → windows → a window's cases; statements that do not
grow with the number of centers."""

import re
from datetime import date

import pytest
from sqlalchemy import event

from app.centers.context import acting_in
from app.centers.services import create_center as create_center_row
from app.extensions import db
from app.records.queries import case_light_counts, stats
from app.rollup import queries
from tests.factories import PASSWORD
from tests.rollup.conftest import MONTH, YEAR, build_center

JUNE = "2026-06"
TODAY = date(2026, 12, 3)


def _login(app, username):
    client = app.test_client()
    db.session.expunge_all()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def _page(client, url):
    db.session.expunge_all()
    r = client.get(url)
    return r.status_code, r.get_data(as_text=True)


def _names_shown(html):
    return set(re.findall(r">([^<>]*(?:中心|便民服务中心))</a>", html))


def test_figures_per_center_follow_the_centers_own_definitions(city):
    f = queries.figures(list(city.ids.values()), YEAR, MONTH, TODAY)
    assert set(f) == set(city.ids.values())
    for code, cid in city.ids.items():
        k, row = city.k[code], f[cid]
        assert (row.received, row.closed, row.on_time, row.red) == (k + 2, k + 2, k + 1, 1), code
        assert (row.ratings, row.good, row.bad, row.satisfied) == (k + 3, k + 2, 1, k + 2), (
            code
        )  # excluded one not counted
        assert row.score == pytest.approx(85.0 + k) and row.sheets == 2 and row.month_state == "locked"
        # the same numbers as the center's own 办件情况统计表 and its scoring's light counts
        with acting_in(cid):
            _, total = stats.month_table(YEAR, MONTH)
            lights = [
                case_light_counts(w, YEAR, MONTH, TODAY)
                for w in (city.built[code]["shared"][x].id for x in "wa wb".split())
            ]
        assert (row.received, row.closed, row.on_time) == (total.received, total.completed, total.on_time)
        assert (row.red, row.yellow) == (sum(x["red"] for x in lights), sum(x["yellow"] for x in lights))


def test_figures_of_one_center_by_window_add_up_to_the_center(city):
    cid = city.ids["A"]
    whole = queries.figures([cid], YEAR, MONTH, TODAY)[cid]
    by_window = queries.figures([cid], YEAR, MONTH, TODAY, by_window=True)
    wa, wb = city.built["A"]["window"]["wa"], city.built["A"]["window"]["wb"]
    assert set(by_window) == {wa, wb}
    for name in ("received", "closed", "on_time", "red", "yellow", "ratings", "good", "bad", "sheets"):
        assert getattr(by_window[wa], name) + getattr(by_window[wb], name) == getattr(whole, name), name
    assert by_window[wa].score == 90.0 + city.k["A"] and by_window[wb].bad == 1


def test_centers_not_asked_for_are_not_read(city):
    f = queries.figures([city.ids["A"], city.ids["A1"]], YEAR, MONTH, TODAY)
    assert set(f) == {city.ids["A"], city.ids["A1"]}
    assert queries.figures([], YEAR, MONTH, TODAY) == {}


class _Statements:
    def __init__(self):
        self.n = 0

    def __call__(self, *args, **kwargs):
        self.n += 1


def _count_statements(fn):
    counter = _Statements()
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return counter.n


@pytest.mark.slow  # builds three more centers through the services
def test_statements_do_not_grow_with_the_number_of_centers(app, city):
    client = _login(app, "city_admin")
    _page(client, f"/rollup/?month={JUNE}")  # warm: the login's and menu's first reads
    before_sql = _count_statements(lambda: queries.figures(list(city.ids.values()), YEAR, MONTH, TODAY))
    before_page = _count_statements(lambda: _page(client, f"/rollup/?month={JUNE}"))
    for n in range(3):
        cid = create_center_row(None, f"A{n + 2}", f"甲县{n + 2}镇便民服务中心", "township", city.ids["A"]).id
        db.session.commit()
        build_center(f"X{n}", cid, 6 + n)
    ids = [c.id for c in queries.centers(list(range(1, 100)))]
    assert len(ids) == 8
    after_sql = _count_statements(lambda: queries.figures(ids, YEAR, MONTH, TODAY))
    _page(client, f"/rollup/?month={JUNE}")  # warm again: the new centers moved the kept center tree on
    status, html = None, None

    def page():
        nonlocal status, html
        status, html = _page(client, f"/rollup/?month={JUNE}")

    after_page = _count_statements(page)
    assert status == 200 and "甲县4镇便民服务中心" in html
    assert before_sql == after_sql == 5
    assert after_page == before_page


def test_city_sees_every_level_side_by_side_with_a_chart(app, city):
    status, html = _page(_login(app, "city_admin"), f"/rollup/?month={JUNE}")
    assert status == 200
    assert "2026年6月 三级汇总" in html
    for title in ("市级中心", "县级中心", "乡镇便民中心"):
        assert f"<h2>{title}</h2>" in html
    assert {"甲县政务服务中心", "乙县政务服务中心", "甲县一镇便民服务中心", "乙县一镇便民服务中心"} <= _names_shown(
        html
    )
    assert "县级中心合计" in html and "乡镇便民中心合计" in html
    assert "<svg" in html and "按时办结率" in html and "<script" not in html.split("<svg", 1)[1].split("</svg>")[0]
    # county A (k = 1): 3 received, 3 closed, 2 on time: 66.7 %; score 86.0; 公示中
    row = re.search(r"甲县政务服务中心</a></td>(.*?)</tr>", html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
    assert cells == ["3", "3", "66.7%", "1", cells[4], "4", "3", "1", "75.0%", "86.0", "公示中"]


@pytest.mark.parametrize(
    "who, sees, not_sees",
    [
        ("a_admin", {"甲县政务服务中心", "甲县一镇便民服务中心"}, {"乙县政务服务中心", "乙县一镇便民服务中心"}),
        ("a_evaluator", {"甲县政务服务中心", "甲县一镇便民服务中心"}, {"乙县一镇便民服务中心"}),
        ("a1_quality_manager", {"甲县一镇便民服务中心"}, {"甲县政务服务中心", "乙县政务服务中心"}),
        ("b_admin", {"乙县政务服务中心", "乙县一镇便民服务中心"}, {"甲县政务服务中心", "甲县一镇便民服务中心"}),
    ],
)
def test_a_county_sees_itself_and_its_townships_a_township_only_itself(app, city, who, sees, not_sees):
    status, html = _page(_login(app, who), f"/rollup/?month={JUNE}")
    assert status == 200
    shown = _names_shown(html)
    assert sees <= shown and not (not_sees & shown)
    assert "市级中心" not in html  # nobody below sees the city


@pytest.mark.parametrize("role", ["doc_manager", "auditor", "window_staff"])
def test_other_roles_are_refused(app, city, role):
    assert _page(_login(app, f"city_{role}"), "/rollup/")[0] == 403


def test_drill_down_center_windows_and_a_countys_window_cases(app, city):
    client = _login(app, "city_admin")
    a, window, label = city.ids["A"], city.built["A"]["window"], city.built["A"]["label"]
    status, html = _page(client, f"/rollup/c/{a}?month={JUNE}")
    assert status == 200 and "甲县政务服务中心（县级中心）2026年6月 各窗口" in html
    assert label["wa"] in html and label["wb"] in html and "全中心合计" in html
    status, html = _page(client, f"/rollup/c/{a}/w/{window['wa']}?month={JUNE}")
    assert status == 200
    with acting_in(a):
        from sqlalchemy import select

        from app.records.models import Case

        numbers = db.session.scalars(select(Case.number).where(Case.window_id == window["wa"])).all()
    assert len(numbers) == 3 and all(n in html for n in numbers)
    assert "申请人" not in html.replace("申请人等个人信息", "")  # personal data stays on the county's own pages
    # B's window under A's id, another month, a bad month value: no 500, no rows of another center
    b_window = city.built["B"]["window"]["wa"]
    assert _page(client, f"/rollup/c/{a}/w/{b_window}")[0] == 404
    assert _page(client, f"/rollup/c/{a}/w/{window['wa']}?month=2025-01")[0] == 200
    for bad in ("2026-13", "abc", "9999-01", "2026-06-01", "\u00002026"):
        assert _page(client, f"/rollup/?month={bad}")[0] in (200, 400)
        assert _page(client, f"/rollup/c/{a}?month={bad}")[0] in (200, 400)
    assert _page(client, "/rollup/c/999999")[0] == 404


def test_a_county_cannot_drill_into_another_county_or_the_city(app, city):
    client = _login(app, "a_admin")
    own, township = city.ids["A"], city.ids["A1"]
    assert _page(client, f"/rollup/c/{township}?month={JUNE}")[0] == 200
    t_window = city.built["A1"]["window"]["wa"]
    assert _page(client, f"/rollup/c/{township}/w/{t_window}?month={JUNE}")[0] == 200
    for code in ("B", "B1", "city"):
        cid, window = city.ids[code], city.built[code]["window"]["wa"]
        assert _page(client, f"/rollup/c/{cid}?month={JUNE}")[0] == 404, code
        assert _page(client, f"/rollup/c/{cid}/w/{window}?month={JUNE}")[0] == 404, code
        assert _page(client, f"/rollup/c/{own}/w/{window}?month={JUNE}")[0] == 404, code
    # a township sees no county
    t_client = _login(app, "a1_admin")
    assert _page(t_client, f"/rollup/c/{own}")[0] == 404
