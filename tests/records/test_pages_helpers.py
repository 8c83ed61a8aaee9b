"""The use-case rule, queries and report wording the records pages were thinned onto (issue 10)."""

from datetime import date

import pytest

from app.extensions import db
from app.records import services
from app.records.models import ServiceItem
from app.records.queries import stats
from app.records.queries.cases import case_facts, case_statement, listed_cases
from app.records.queries.entries import roster_page
from app.records.services.imports import ImportReport
from tests.factories import create_case, create_center


@pytest.fixture
def center(users):
    return create_center(users["admin"])


def test_a_new_item_promising_more_days_than_the_law_allows_is_refused(users, center):
    item = ServiceItem(code="SX-077", name="测试事项", department_id=center["dept"].id)
    terms = {"handling_class": "committed", "legal_limit_days": 5, "committed_limit_days": 6}
    with pytest.raises(services.RecordsError, match="承诺时限不能长于法定时限"):
        services.create_item(users["admin"], item, terms, date(2025, 1, 1))
    assert db.session.scalar(db.select(ServiceItem.id).where(ServiceItem.code == "SX-077")) is None


def test_the_roster_page_offers_the_years_on_the_roster_and_the_asked_one(users, center):
    wa, staff = center["wa"], center["staff"]
    services.add_to_roster(users["admin"], wa, staff[0].id, 2024, None)
    services.add_to_roster(users["admin"], wa, staff[1].id, 2025, None)
    page = roster_page(wa.id, 2027)
    assert page["years"] == [2027, 2025, 2024]
    assert [e.staff_id for e in page["entries"]] == [staff[1].id, staff[0].id]  # newest year first
    assert roster_page(wa.id, 2025)["years"] == [2025, 2024]


def test_the_statistics_page_has_the_year_beside_a_month_only(users, center):
    create_case(users["admin"], center["committed"], date(2025, 6, 3), done=date(2025, 6, 6))
    month = stats.page_tables(2025, 6)
    assert set(month) == {"rows", "total", "year_rows", "year_total"}
    assert month["total"].received == 1 and month["year_total"].received == 1
    year = stats.page_tables(2025, None)
    assert set(year) == {"rows", "total"} and year["total"].received == 1
    assert stats.period_table(2025, 7)[1].received == 0


def test_the_case_list_counts_a_state_up_to_the_cap_and_a_window_exactly(users, center):
    for day in (3, 4, 5):
        create_case(users["admin"], center["committed"], date(2025, 6, day))
    plain = {"window_id": None, "state": None, "month": None, "q": ""}
    page = listed_cases(case_statement(**plain), plain, per_page=2)
    assert (page.total, page.total_exact, len(page.items)) == (3, True, 2)
    received = dict(plain, state="received")
    page = listed_cases(case_statement(**received), received, per_page=2)
    assert (page.total, page.total_exact) == (0, True)  # create_case accepts: none is still only received


def test_case_facts_name_the_light_and_the_days_left(users, center):
    case = create_case(users["admin"], center["committed"], date(2025, 6, 3))
    facts = case_facts(case, date(2025, 6, 4))
    assert facts["light"] == "green" and facts["remaining"] == 4
    assert facts["staff"][center["staff"][0].id] == "甘若木" and facts["steps"]["complete"]


def test_the_import_report_says_what_happened():
    assert ImportReport("items", saved=3).message() == ("导入成功：进厅项目 3 行。", "success")
    assert ImportReport("items", file_error="无法读取文件。").message() == ("无法读取文件。", "danger")
    bad = ImportReport("cases", problems=["a", "b"]).message()
    assert bad == ("文件中有 2 处错误，未导入任何数据。请改正后重新导入。", "danger")
