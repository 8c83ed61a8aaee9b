"""Search across centers (issue 13): the index holds every center's items, a reader finds those of
their own center and the rules handed down by the centers above (a city rule in its counties and
townships), never another county's. The engine follows the database: Whoosh on the SQLite pass,
PostgreSQL's own engine on the PostgreSQL pass."""

import pytest

from app.centers.context import acting_in, default_center_id
from app.centers.services import create_center
from app.extensions import db
from app.search.backend import get_backend
from app.search.interface import CenterScope
from app.search.services.results import center_scope, search_page
from tests.factories import create_user
from tests.search.helpers import controlled, gov, keys


@pytest.fixture
def tree(app):
    city = default_center_id()
    db.session.commit()
    a = create_center(None, "A", "甲县政务服务中心", "county", city)
    b = create_center(None, "B", "乙县政务服务中心", "county", city)
    db.session.commit()
    t = create_center(None, "A1", "甲县城关镇便民服务中心", "township", a.id)
    db.session.commit()
    ids = {"city": city, "A": a.id, "B": b.id, "A1": t.id}
    users, rows = {}, {}
    for code, center_id in ids.items():
        with acting_in(center_id):
            users[code] = create_user("window_staff", f"search_{code.lower()}")
            rows[code] = {
                # a rule (handed down to the centers below), a procedure (the center's own), a 政府文件
                "rule": controlled(f"{code}窗口服务规范", f"第一条　共同条款。{code}专属规则条文。"),
                "procedure": controlled(f"{code}内部程序", f"第一条　共同条款。{code}专属程序条文。", kind="procedure"),
                "gov": gov(f"{code}政府文件", f"共同条款。{code}专属政府文件正文。"),
            }
    db.session.commit()
    return ids, users, rows


def _keys_of(rows, *codes_kinds):
    out = set()
    for code, kind in codes_kinds:
        row = rows[code][kind]
        out.add(f"{'gd' if kind == 'gov' else 'dv'}:{row.id}")
    return out


def test_a_county_finds_its_own_and_the_citys_rules_never_another_countys(tree):
    ids, users, rows = tree
    backend = get_backend()
    scope_a = center_scope(users["A"])
    assert scope_a == CenterScope(frozenset({ids["A"]}), frozenset({ids["city"]}))
    got = set(keys(backend.search("共同条款", per_page=None, centers=scope_a)))
    assert got == _keys_of(rows, ("A", "rule"), ("A", "procedure"), ("A", "gov"), ("city", "rule"))
    # another county's text is not found at all, not even its count
    result = backend.search("B专属", per_page=None, centers=scope_a)
    assert result.total == 0 and result.hits == []
    assert backend.search("B专属", per_page=20, centers=scope_a).total == 0
    # the city's own procedure and 政府文件 stay the city's
    assert keys(backend.search("city专属程序", per_page=None, centers=scope_a)) == []
    assert keys(backend.search("city专属政府文件", per_page=None, centers=scope_a)) == []
    assert keys(backend.search("city专属规则", per_page=None, centers=scope_a)) == [f"dv:{rows['city']['rule'].id}"]
    # one character (every document a candidate) and an exclusion are scoped alike
    one = set(keys(backend.search("专", per_page=None, centers=scope_a)))
    assert one == got
    assert set(keys(backend.search("共同条款 -规则", per_page=None, centers=scope_a))) == _keys_of(
        rows, ("A", "procedure"), ("A", "gov")
    )


def test_a_township_finds_the_rules_of_its_county_and_of_the_city(tree):
    ids, users, rows = tree
    scope = center_scope(users["A1"])
    assert scope.above == frozenset({ids["A"], ids["city"]})
    got = set(keys(get_backend().search("专属规则", per_page=None, centers=scope)))
    assert got == _keys_of(rows, ("A1", "rule"), ("A", "rule"), ("city", "rule"))
    assert keys(get_backend().search("A专属程序", per_page=None, centers=scope)) == []


def test_the_city_does_not_find_its_counties_items(tree):
    ids, users, rows = tree
    got = set(keys(get_backend().search("共同条款", per_page=None, centers=center_scope(users["city"]))))
    assert got == _keys_of(rows, ("city", "rule"), ("city", "procedure"), ("city", "gov"))
    # unscoped (CLI, benches): every center's
    assert len(keys(get_backend().search("共同条款", per_page=None))) == 12


def test_top_k_pages_and_totals_are_scoped(tree):
    ids, users, rows = tree
    scope = center_scope(users["B"])
    first = get_backend().search("共同", per_page=2, centers=scope)
    second = get_backend().search("共同", per_page=2, page=2, centers=scope)
    assert first.total == second.total == 4
    assert set(keys(first)) | set(keys(second)) == _keys_of(
        rows, ("B", "rule"), ("B", "procedure"), ("B", "gov"), ("city", "rule")
    )


def test_search_page_of_a_county_user(tree, app):
    ids, users, rows = tree
    with app.test_request_context():
        with acting_in(ids["A"]):
            page = search_page(users["A"], "专属", {})
    assert page.total == 4 and {r.key for r in page.rows} == _keys_of(
        rows, ("A", "rule"), ("A", "procedure"), ("A", "gov"), ("city", "rule")
    )
    assert all("B" not in r.key for r in page.rows)


def test_search_page_through_http(tree, client, auth):
    ids, users, rows = tree
    auth.login(users["B"])
    html = client.get("/search/?q=专属").get_data(as_text=True)
    assert "共找到 4 个文件" in html
    assert "B窗口服务规范" in html and "city窗口服务规范" in html
    assert "A窗口服务规范" not in html and "A1窗口服务规范" not in html and "city内部程序" not in html
    assert "A专属" not in html
    auth.logout()
    auth.login(users["A1"])
    html = client.get("/search/?q=窗口服务规范").get_data(as_text=True)
    assert "共找到 3 个文件" in html and "B窗口服务规范" not in html


def test_a_countys_supplement_to_a_city_rule_stays_in_that_county(tree):
    ids, users, rows = tree
    with acting_in(ids["A"]):
        supplement = controlled("A补充规定", "第一条　共同条款。补充专属条文。")
        supplement.document.handed_down_from_id = rows["city"]["rule"].document_id
        supplement.document.variant_kind = "supplement"
        db.session.commit()
    backend = get_backend()
    want = [f"dv:{supplement.id}"]
    assert keys(backend.search("补充专属", per_page=None, centers=center_scope(users["A"]))) == want
    for code in ("A1", "B", "city"):  # not handed down further, not to a sibling, not upwards
        assert keys(backend.search("补充专属", per_page=None, centers=center_scope(users[code]))) == [], code
