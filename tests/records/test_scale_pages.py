"""The records pages at scale (issue 17): the twelve-month series in one statement over the case
summary, the year's totals kept until a case changes, the case list paged by keyset with its total
from the summary (or counted up to a cap under a state or text filter)."""

import re
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from app.extensions import db
from app.records.queries import cases as case_queries
from app.records.queries import stats
from tests.factories import create_case as case
from tests.factories import create_center as make_center


@pytest.fixture
def center(users):
    return make_center(users["admin"])


@pytest.fixture
def year_of_cases(users, center):
    u, item = users["admin"], center["committed"]
    made = []
    for month, day in ((1, 6), (3, 4), (3, 11), (6, 3), (6, 30), (11, 3)):
        made.append(case(u, item, date(2025, month, day), done=date(2025, month, day + 2) if day < 28 else None))
    made.append(case(u, center["instant"], date(2025, 6, 5), done=date(2025, 6, 5)))
    made.append(case(u, item, date(2025, 12, 29), done=date(2026, 1, 5)))  # completed the next year
    return made


class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, *args):
        self.n += 1


@contextmanager
def request(app):
    """A request's context, its stamps read when it starts (as under gunicorn): the statements
    counted are the page's, not the stamp reads (rows of cache_stamps on PostgreSQL)."""
    with app.test_request_context():
        app.preprocess_request()
        yield


def _counting():
    counter = Counter()
    event.listen(db.engine, "before_cursor_execute", counter)
    return counter


def _stop(counter):
    event.remove(db.engine, "before_cursor_execute", counter)


def _fields(row):
    return (
        row.received,
        row.instant,
        row.completed,
        row.on_time,
        row.early,
        row.overdue,
        row.timed,
        row.used_sum,
        row.limit_sum,
    )


def test_monthly_series_equals_the_months_one_by_one_in_one_statement(app, year_of_cases):
    with request(app):
        counter = _counting()
        series = stats.monthly_series(2025)
        _stop(counter)
    assert counter.n == 1  # was 24 (two aggregates per month), then 2 (a grouped pair): the summary rows
    for month, row in enumerate(series, start=1):
        expected = stats.StatRow(None)
        for r in stats._grouped_stats(
            *stats.month_bounds(2025, month), None, (stats.Case.window_id,), (stats.Case.window_id,)
        ).values():
            expected.add(r)
        assert _fields(row) == _fields(expected), month
    assert series[5].received == 3 and series[0].completed == 1 and series[11].completed == 0


def test_year_totals_are_kept_until_a_case_changes(app, users, center, year_of_cases):
    with request(app):
        rows, total = stats.year_table(2025)
    assert total.received == 8
    with request(app):
        counter = _counting()
        again, total_again = stats.year_table(2025)
        _stop(counter)
    assert counter.n <= 1 and _fields(total_again) == _fields(total)  # only the windows' names
    case(users["admin"], center["committed"], date(2025, 8, 4))  # the records topic changes
    with request(app):
        rows, total = stats.year_table(2025)
    assert total.received == 9


def test_case_list_counts_up_to_the_cap_only(app, client, users, center, year_of_cases, monkeypatch):
    stmt = case_queries.case_statement(window_id=None, state=None, month=None, q="")
    page = case_queries.case_page(stmt, per_page=3, page=1, cap=5)
    assert (page.total, page.total_exact, page.pages, len(page.items)) == (5, False, None, 3)
    assert [c.id for c in page.items] == sorted((c.id for c in year_of_cases), reverse=True)[:3]
    last = case_queries.case_page(stmt, per_page=3, page=99, cap=5)  # an old ?page= link beyond the cap
    assert last.page == 2
    exact = case_queries.case_page(stmt, per_page=3, page=1, cap=100)
    assert (exact.total, exact.total_exact, exact.pages) == (8, True, 3)
    monkeypatch.setattr(case_queries, "COUNT_CAP", 5)
    real_page = case_queries.case_page  # the list page (queries.cases.listed_cases) pages by 3, capped at 5
    monkeypatch.setattr(case_queries, "case_page", lambda s, per_page, page, **kw: real_page(s, 3, page, cap=5, **kw))
    client.post("/login", data={"username": "admin", "password": "password123"})
    html = client.get("/records/cases/?state=completed").get_data(as_text=True)  # a state: counted, capped
    assert "超过 5 条" in html and "下一页" in html
    html = client.get("/records/cases/").get_data(as_text=True)  # no filter: the summary's exact total
    assert "第 1 / 3 页，共 8 条" in html


def test_case_list_pages_by_keyset_through_every_case_and_back(app, client, users, center, year_of_cases, auth):
    stmt = case_queries.case_statement(window_id=None, state=None, month=None, q="")
    newest_first = sorted((c.id for c in year_of_cases), reverse=True)
    seen, page = [], case_queries.case_page(stmt, per_page=3)
    pages = [page]
    while True:
        seen += [c.id for c in page.items]
        if not page.has_next:
            break
        page = case_queries.case_page(stmt, per_page=3, **page.next_args)
        pages.append(page)
    assert seen == newest_first and [p.page for p in pages] == [1, 2, 3]
    back = case_queries.case_page(stmt, per_page=3, **pages[-1].prev_args)
    assert [c.id for c in back.items] == [c.id for c in pages[1].items] and back.page == 2
    first = case_queries.case_page(stmt, per_page=3, **back.prev_args)
    assert [c.id for c in first.items] == newest_first[:3] and (first.page, first.has_prev) == (1, False)
    # the totals the list shows without counting the cases: the summary's, per window and month
    assert case_queries.listed_total(None, None) == 8
    assert case_queries.listed_total(center["wa"].id, (2025, 6)) == 3
    assert case_queries.listed_total(center["wb"].id, None) == 0
    auth.login(users["admin"])
    html = client.get("/records/cases/?month=2025-06").get_data(as_text=True)
    assert len(re.findall(r'href="/records/cases/\d+"', html)) == 3 and "下一页" not in html  # one page: no pager
    response = client.get(f"/records/cases/?after={newest_first[2]}&page=2")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and year_of_cases[-1].number not in html and year_of_cases[0].number in html
    assert "上一页" in html and "下一页" not in html  # the rest fits on this page
    assert client.get("/records/cases/?after=abc&before=-5&page=-3").status_code == 200


def test_year_totals_survive_a_rating_but_not_a_voided_case(app, users, center, year_of_cases):
    from app.records import services
    from app.records.models import Rating

    with request(app):
        stats.year_table(2025)
    db.session.add(Rating(window_id=center["wa"].id, rated_on=date(2025, 6, 3), grade=5))
    db.session.commit()
    with request(app):
        counter = _counting()
        stats.year_table(2025)
        _stop(counter)
    assert counter.n <= 1  # a rating is not a case: the totals stand (only the windows' names are read)
    services.void(users["admin"], year_of_cases[0], "重复登记")
    db.session.commit()  # as the request would: the cache stamps move after the commit
    with request(app):
        rows, total = stats.year_table(2025)
    assert total.received == 7


def test_a_case_of_one_month_leaves_the_other_months_kept(app, users, center, year_of_cases):
    with request(app):
        stats.year_table(2025)
    case(users["admin"], center["committed"], date(2025, 8, 4))  # an August case
    with request(app):
        counter = _counting()
        rows, total = stats.year_table(2025)
        _stop(counter)
    assert total.received == 9
    assert counter.n <= 2  # August's summary rows (+ the windows' names), not the year's
    with request(app):
        june_before = _fields(stats.month_table(2025, 6)[1])
    with request(app):
        counter = _counting()
        assert _fields(stats.month_table(2025, 6)[1]) == june_before
        _stop(counter)
    assert counter.n <= 1


def test_month_and_year_figures_match_a_direct_count(app, users, center, year_of_cases):
    from app.records import services

    services.void(users["admin"], year_of_cases[1], "重复登记")  # a March case
    for month in range(1, 13):
        direct = stats._grouped_stats(
            *stats.month_bounds(2025, month), None, (stats.Case.window_id,), (stats.Case.window_id,)
        )
        kept = stats.period_stats(*stats.month_bounds(2025, month))
        assert {k: _fields(v) for k, v in kept.items()} == {k: _fields(v) for k, v in direct.items()}, month
    direct = stats._grouped_stats(
        date(2025, 1, 1), date(2025, 12, 31), None, (stats.Case.window_id,), (stats.Case.window_id,)
    )
    kept = stats.period_stats(date(2025, 1, 1), date(2025, 12, 31))
    assert {k: _fields(v) for k, v in kept.items()} == {k: _fields(v) for k, v in direct.items()}
