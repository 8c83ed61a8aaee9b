"""The case summary (rec_case_summary, issue 17 item 6): kept in step with every case change, equal
to a rebuild from the cases after any sequence of changes; the statistics page and the dashboard
read it and still show what a direct count of the cases gives."""

import re
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select, update

from app.extensions import db
from app.records import services
from app.records.logic import summary as logic
from app.records.models import Case, CaseSummary
from app.records.queries import stats
from app.records.services import cases as case_services
from app.records.services import summary
from app.records.services.common import RecordsError
from tests.factories import create_case
from tests.factories import create_center as make_center

START = date(2025, 1, 2)
STEPS = ("accept", "complete", "withdraw", "supplement", "supplement_done", "pause", "resume", "not_accept")


@pytest.fixture
def center(users):
    return make_center(users["admin"])


def _holds():
    """The kept summary equals a rebuild from the cases (rows of zeros aside)."""
    connection = db.session.connection()
    assert summary.stored(connection) == summary.computed(connection)


def _direct(first: date, last: date) -> dict:
    """The statistics' figures counted case by case in Python, over every case."""
    out = {}
    for c in db.session.scalars(select(Case)):
        values = {name: getattr(c, name) for name in logic.CASE_FIELDS}
        for (_center, window, year, month), figures in logic.contributions(values):
            if first <= date(year, month, 1) <= last:
                row = out.setdefault(window, dict.fromkeys(logic.FIGURES, 0))
                for k, n in figures.items():
                    row[k] += n
    return out


def _figures(row) -> dict:
    return {name: getattr(row, name) for name in logic.FIGURES}


register = st.tuples(
    st.just("register"), st.sampled_from(["committed", "instant"]), st.sampled_from(["wa", "wb"]), st.integers(0, 420)
)
which = st.one_of(st.just(-1), st.integers(0, 50))  # mostly the case made last
step = st.tuples(st.just("step"), which, st.sampled_from(STEPS), st.sampled_from([0, 0, 1, 3, 6, 7, 8, 12, 25]))
void = st.tuples(st.just("void"), which)
correct = st.tuples(
    st.just("correct"),
    which,
    st.sampled_from(["received_on", "completed_on", "window_id", "due_on", "used_days"]),
    st.integers(0, 420),
)
bulk = st.tuples(st.just("bulk"), st.integers(1, 4), st.integers(0, 420))
# complete the case around its due date (the day before, on it, after: on time / overdue boundaries)
finish = st.tuples(st.just("finish"), which, st.sampled_from([-1, 0, 0, 1, 4]))
operations = st.tuples(
    st.lists(register, min_size=1, max_size=5),
    st.lists(st.one_of(register, finish, finish, step, step, step, void, correct, bulk), min_size=3, max_size=14),
).map(lambda parts: parts[0] + parts[1])


def _run(op, user, center, made):
    kind = op[0]
    if kind == "register":
        _, item, window, offset = op
        received = START + timedelta(days=offset)
        made.append(
            case_services.register_case(
                user,
                center[item],
                datetime(received.year, received.month, received.day, 10, 0),
                "申请人",
                window_id=center[window].id,
            )
        )
        return
    if kind == "bulk":  # the import's ORM bulk insert (services/imports.py _save)
        _, n, offset = op
        day = START + timedelta(days=offset)
        rows = []
        for _ in range(n):
            done = day + timedelta(days=3) if offset % 3 else None
            rows.append(
                {
                    "number": f"IMP{len(made)}-{offset}-{len(rows)}-{datetime.now().timestamp()}",
                    "window_id": center["wb"].id,
                    "item_id": center["committed"].id,
                    "handling_class": "committed",
                    "is_instant": False,
                    "limit_days": 5,
                    "applicant": "导入",
                    "state": "completed" if done else "accepted",
                    "is_open": done is None,
                    "received_at": datetime(day.year, day.month, day.day, 9, 0),
                    "received_on": day,
                    "due_on": day + timedelta(days=(offset + len(rows)) % 6),  # done on day + 3: both sides
                    "completed_on": done,
                    "used_days": (offset + len(rows)) % 7 if done else None,  # around the limit of 5
                    "row_version": 1,
                }
            )
        db.session.execute(insert(Case), rows)
        return
    if not made:
        return
    target = made[op[1] % len(made)]  # -1: the last
    if kind == "step":
        _, _, name, offset = op
        on = min(target.received_on + timedelta(days=offset), date(2026, 6, 30))
        case_services.step(user, target, name, on, outcome="approved")
    elif kind == "finish":
        if target.is_open and target.due_on is not None:
            if target.state == "received" and not target.is_instant:
                case_services.step(user, target, "accept", target.received_on)
            on = max(target.received_on, target.due_on + timedelta(days=op[2]))
            case_services.step(user, target, "complete", on, outcome="approved")
    elif kind == "void":
        services.void(user, target, "重复登记")
    elif kind == "correct":
        _, _, name, offset = op
        value = {
            "received_on": START + timedelta(days=offset),
            "completed_on": (START + timedelta(days=offset)) if offset % 4 else None,
            "window_id": center["wa" if offset % 2 else "wb"].id,
            "due_on": START + timedelta(days=offset),
            "used_days": offset % 12,
        }[name]
        services.save(user, target, {name: value})


@pytest.mark.slow
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_the_kept_summary_equals_a_rebuild_after_any_sequence_of_case_changes(app, users, center, ops):
    user, made = users["admin"], []
    for op in ops:
        try:
            _run(op, user, center, made)
        except RecordsError:
            db.session.rollback()  # a refused step: nothing of it stays, in the cases or the summary
            made = [c for c in made if c in db.session]
            _holds()
            continue
        db.session.flush()
        _holds()  # within the transaction
        db.session.commit()  # each change its own request
    _holds()
    # and a rebuild leaves it as it was
    before = summary.stored(db.session.connection())
    summary.rebuild()
    assert summary.stored(db.session.connection()) == before
    db.session.commit()


def test_a_rolled_back_change_leaves_the_summary_as_it_was(app, users, center):
    c = create_case(users["admin"], center["committed"], date(2025, 3, 3))
    before = summary.stored(db.session.connection())
    case_services.step(users["admin"], c, "complete", date(2025, 3, 5), outcome="approved")
    assert summary.stored(db.session.connection()) != before
    db.session.rollback()
    assert summary.stored(db.session.connection()) == before
    _holds()


def test_a_bulk_update_of_cases_rebuilds_the_summary(app, users, center):
    c = create_case(users["admin"], center["committed"], date(2025, 3, 3), done=date(2025, 3, 6))
    db.session.execute(update(Case).where(Case.id == c.id).values(completed_on=date(2025, 4, 1)))
    _holds()
    db.session.commit()
    assert stats.period_stats(date(2025, 4, 1), date(2025, 4, 30))[center["wa"].id].completed == 1


def test_rebuild_summary_command_repairs_a_change_made_outside_the_app(app, users, center):
    create_case(users["admin"], center["committed"], date(2025, 3, 3), done=date(2025, 3, 6))
    with db.engine.begin() as conn:  # by hand, past the session: the summary does not know
        conn.exec_driver_sql("UPDATE rec_case_summary SET received = received + 5")
    with pytest.raises(AssertionError):
        _holds()
    db.session.rollback()
    result = app.test_cli_runner().invoke(args=["records", "rebuild-summary"])
    assert result.exit_code == 0, result.output
    assert "已按办件重新计算办件汇总表：1 行" in result.output  # window 6, March: received and completed
    _holds()


def test_summary_rows_belong_to_the_cases_center(app, users, center):
    c = create_case(users["admin"], center["committed"], date(2025, 3, 3))
    rows = db.session.scalars(select(CaseSummary)).all()
    assert [(r.center_id, r.window_id, r.year, r.month, r.received) for r in rows] == [
        (c.center_id, c.window_id, 2025, 3, 1)
    ]


def _page_total(html: str, heading_index: int = 0) -> list[str]:
    """The 合计 row of the page's n-th table: its cells as text."""
    totals = re.findall(r"<td>合计</td>(.*?)</tr>", html, re.S)
    return re.findall(r'<td class="num">([^<]*)</td>', totals[heading_index])


def test_statistics_page_and_dashboard_show_a_direct_count(app, client, users, center, auth):
    u = users["admin"]
    made = [
        create_case(u, center["committed"], date(2025, 6, 2), done=date(2025, 6, 5)),
        create_case(u, center["committed"], date(2025, 6, 3), done=date(2025, 7, 30)),  # late, in July
        create_case(u, center["committed"], date(2025, 6, 30)),
        create_case(u, center["instant"], date(2025, 6, 4), done=date(2025, 6, 4)),
        create_case(u, center["committed"], date(2025, 5, 30), window=center["wb"], done=date(2025, 6, 2)),
        create_case(u, center["committed"], date(2025, 2, 3), done=date(2025, 2, 4)),
    ]
    services.void(u, made[-1], "重复登记")
    case_services.step(u, made[2], "withdraw", date(2025, 7, 1))
    db.session.commit()
    auth.login(u)
    for month in (2, 5, 6, 7):
        first, last = stats.month_bounds(2025, month)
        direct = _direct(first, last)
        html = client.get(f"/records/stats?month=2025-{month:02d}").get_data(as_text=True)
        total = {k: sum(r[k] for r in direct.values()) for k in logic.FIGURES}
        assert _page_total(html, 0)[:5] == [
            str(total[k]) for k in ("received", "completed", "on_time", "early", "overdue")
        ], month
        rows, _ = stats.month_table(2025, month)
        assert {r.window_id: _figures(r) for r in rows if r.received or r.completed} == direct, month
    year = _direct(date(2025, 1, 1), date(2025, 12, 31))
    html = client.get("/records/stats?year=2025").get_data(as_text=True)
    assert _page_total(html, 0)[:2] == [
        str(sum(r["received"] for r in year.values())),
        str(sum(r["completed"] for r in year.values())),
    ]
    dashboard = client.get("/records/?month=2025-06")
    assert dashboard.status_code == 200
    from app.records.queries import dashboard as dash

    d = dash.build(2025, 6)
    june = _direct(*stats.month_bounds(2025, 6))
    assert d["total"].received == sum(r["received"] for r in june.values()) == 4
    assert d["series_volume"][5] == 4 and d["series_volume"][1] == 0  # the voided February case
