"""Monthly statistics and the queries the scoring uses, against hand-counted fixtures."""

from datetime import date

import pytest

from app.extensions import db
from app.records import queries, services
from app.records.models import Attendance, Commendation, Complaint, Rating, RosterEntry
from app.records.queries import stats
from tests.factories import create_case, create_center


@pytest.fixture
def center(users):
    return create_center(users["admin"])


@pytest.fixture
def june(users, center):
    u, item, wb = users["admin"], center["committed"], center["wb"]
    c1 = create_case(u, item, date(2025, 6, 3), done=date(2025, 6, 6))  # used 3 of 5: early
    c2 = create_case(u, item, date(2025, 6, 3), done=date(2025, 6, 10))  # used 5: on time, not early
    c3 = create_case(u, item, date(2025, 6, 4), done=date(2025, 6, 13))  # due 11 June: overdue, used 7
    c4 = create_case(u, center["instant"], date(2025, 6, 5), done=date(2025, 6, 5))  # 即办件
    c5 = create_case(u, item, date(2025, 6, 30))  # still open
    c6 = create_case(u, item, date(2025, 5, 28), done=date(2025, 6, 4))  # May case done in June: due 5 June, used 4
    voided = create_case(u, item, date(2025, 6, 9), done=date(2025, 6, 9))
    services.void(u, voided, "重复登记")
    create_case(u, item, date(2025, 6, 12), window=wb, done=date(2025, 7, 1))
    return [c1, c2, c3, c4, c5, c6]


def test_monthly_statistics_hand_counted(center, june):
    rows, total = stats.month_table(2025, 6, [center["wa"], center["wb"]])
    a, b = rows
    assert (a.received, a.instant, a.completed) == (5, 1, 5)
    assert (a.on_time, a.early, a.overdue) == (4, 2, 1)
    assert (a.timed, a.used_sum, a.limit_sum) == (4, 19, 20)
    assert a.avg_used == pytest.approx(4.75)
    assert a.speedup_rate == pytest.approx(0.05)
    assert a.on_time_rate == pytest.approx(0.8) and a.instant_rate == pytest.approx(0.2)
    assert (b.received, b.completed) == (1, 0)
    assert (total.received, total.completed) == (6, 5)
    year_rows, year_total = stats.year_table(2025, [center["wa"], center["wb"]])
    assert year_rows[0].received == 6 and year_rows[1].completed == 1


def test_case_light_counts_and_volume(center, june):
    wa = center["wa"].id
    assert queries.case_light_counts(wa, 2025, 6) == {"overdue": 1, "red": 1, "yellow": 3}
    assert queries.window_case_volume(wa, 2025, 6) == 5
    assert queries.window_case_volume(wa, 2025, 5) == 1


def test_an_instant_case_is_not_lit_on_its_day_and_red_after(users, center):
    # issue 14: a 即办件 was yellow the moment it was received and counted in home and lights totals
    from app.records.queries import cases as case_queries
    from app.records.queries import dashboard

    c = create_case(users["admin"], center["instant"], date(2025, 6, 5))
    assert c.is_open and c.due_on == date(2025, 6, 5)
    assert dashboard.open_lights_by_window(date(2025, 6, 5)) == {}
    page, summary = case_queries.lights_board(date(2025, 6, 5), None, None)
    assert page.total == 0 and summary == []
    assert dashboard.open_lights_by_window(date(2025, 6, 6)) == {center["wa"].id: {"red": 1, "yellow": 0}}
    page, summary = case_queries.lights_board(date(2025, 6, 6), None, "red")
    assert [x.id for x in page.items] == [c.id]


def test_an_open_overdue_case_counts_red_in_the_month_it_turned_red(users, center):
    c = create_case(users["admin"], center["committed"], date(2025, 6, 3))
    assert c.due_on == date(2025, 6, 10)
    assert queries.case_light_counts(center["wa"].id, 2025, 6)["red"] == 1
    assert queries.case_light_counts(center["wa"].id, 2025, 7)["red"] == 0


def test_scoring_queries(users, center):
    u, wa, s1 = users["admin"], center["wa"], center["staff"][0]
    for day, status in [(3, "normal"), (4, "late"), (5, "late"), (6, "absent")]:
        services.save(
            u, Attendance(), {"staff_id": s1.id, "window_id": wa.id, "day": date(2025, 6, day), "status": status}
        )
    voided = services.save(
        u, Attendance(), {"staff_id": s1.id, "window_id": wa.id, "day": date(2025, 6, 9), "status": "late"}
    )
    services.void(u, voided, "打卡机故障")
    assert queries.attendance_counts(wa.id, 2025, 6) == {s1.id: {"normal": 1, "late": 2, "absent": 1}}

    services.save(
        u,
        Complaint(),
        {"number": "TS1", "received_on": date(2025, 6, 2), "window_id": wa.id, "content": "x", "finding": "true"},
    )
    services.save(
        u,
        Complaint(),
        {"number": "TS2", "received_on": date(2025, 6, 3), "window_id": wa.id, "content": "y", "finding": "false"},
    )
    assert [c.number for c in queries.valid_complaints(wa.id, 2025, 6)] == ["TS1"]

    bad = services.save(u, Rating(), {"rated_on": date(2025, 6, 2), "grade": 1, "window_id": wa.id, "upheld": True})
    assert bad.rectify_due_on == date(2025, 6, 23)  # 15 working days after 2 June (a holiday)
    services.save(u, Rating(), {"rated_on": date(2025, 6, 2), "grade": 2, "window_id": wa.id, "upheld": False})
    services.save(u, Rating(), {"rated_on": date(2025, 6, 2), "grade": 5, "window_id": wa.id})
    assert [r.id for r in queries.upheld_bad_ratings(wa.id, 2025, 6)] == [bad.id]
    assert [r.id for r in queries.overdue_rectifications(wa.id, 2025, 6)] == [bad.id]
    services.save(u, bad, {"rectified_on": date(2025, 6, 20)}, expected_version=bad.row_version)
    assert queries.overdue_rectifications(wa.id, 2025, 6) == []

    services.save(u, Commendation(), {"kind": "banner", "received_on": date(2025, 6, 18), "window_id": wa.id})
    assert [c.kind for c in queries.commendations(wa.id, 2025, 6)] == ["banner"]
    assert queries.commendations(wa.id, 2025, 7) == []


def test_rosters_lead_first_and_moves_kept(users, center):
    u, wa, wb, (s1, s2, s3) = users["admin"], center["wa"], center["wb"], center["staff"]
    services.add_to_roster(u, wa, s2.id, 2025, 2)
    services.add_to_roster(u, wa, s1.id, 2025, 1)
    e3 = services.add_to_roster(u, wa, s3.id, 2025, None)
    assert [s.name for s in queries.window_staff(wa.id, 2025)] == ["甘若木", "岑知秋", "桂南星"]
    services.move_staff(u, e3, wb, date(2025, 7, 1), "业务调整")
    assert [s.name for s in queries.window_staff(wa.id, 2025)] == ["甘若木", "岑知秋", "桂南星"]  # served there
    assert [s.name for s in queries.window_staff(wb.id, 2025)] == ["桂南星"]
    assert queries.current_window_of(s3.id, date(2025, 6, 30)).id == wa.id
    assert queries.current_window_of(s3.id, date(2025, 7, 2)).id == wb.id
    old = db.session.get(RosterEntry, e3.id)
    assert old.ended_on == date(2025, 7, 1) and old.end_reason == "业务调整"
    assert [w.number for w in queries.active_windows(date(2025, 6, 1))] == ["6", "7"]
    assert [w.number for w in queries.active_windows(date(2024, 6, 1))] == ["6", "7", "8"]


def test_case_search_finds_a_number_by_prefix_or_last_digits(client, auth, users, center):
    # issue 14: the case list's search box needed the exact number
    from datetime import datetime

    from app.records.services import cases as case_services

    u, item = users["admin"], center["committed"]
    for number in ("BJ2025060300006", "BJ202506030007", "BJ2025060400116"):
        case_services.register_case(u, item, datetime(2025, 6, 3, 9, 30), "某申请人", number=number)
    db.session.commit()
    auth.login(u)

    def found(q):
        html = client.get("/records/cases/", query_string={"q": q}).get_data(as_text=True)
        return {n for n in ("BJ2025060300006", "BJ202506030007", "BJ2025060400116") if n in html}

    assert found("BJ2025060300006") == {"BJ2025060300006"}
    assert found("0006") == {"BJ2025060300006"}
    assert found("BJ20250603") == {"BJ2025060300006", "BJ202506030007"}
    assert found("bj20250604") == {"BJ2025060400116"}
    assert found("116") == {"BJ2025060400116"}
    assert found("99999") == set()


def test_staff_dropdowns_are_grouped_by_window(client, auth, users, center):
    # issue 14: 60-name dropdowns (经办人, 被投诉人员) without the window
    import re

    from app.core.timeutil import local_today
    from app.records.services import add_to_roster

    gan, cen, gui = center["staff"]
    year = local_today().year
    add_to_roster(users["admin"], center["wa"], gan.id, year, None)
    add_to_roster(users["admin"], center["wb"], cen.id, year, None)
    db.session.commit()
    auth.login(users["admin"])
    html = client.get("/records/cases/new").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*name="handler_staff_id".*?</select>', html, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select_html, re.S)
    assert [g for g, _ in groups] == ["6号 企业登记", "7号 食品许可", "未在窗口"]
    assert "甘若木" in groups[0][1] and "岑知秋" in groups[1][1] and "桂南星" in groups[2][1]
