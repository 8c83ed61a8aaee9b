"""Step deadlines in working days, on tables (including 调休), without an app."""

from datetime import date

import pytest

from app.core import workdays
from app.quality.logic import steps as st
from app.quality.logic.steps import StepPolicy, deadline, next_step, overdue_days


@pytest.fixture
def table_calendar():
    # A made-up week: Wed 1 Oct – Tue 7 Oct off, Sat 11 Oct a make-up workday (调休).
    holidays = [date(2025, 10, d) for d in range(1, 8)]
    workdays.set_calendar(workdays.TableCalendar(holidays=holidays, makeup_workdays=[date(2025, 10, 11)]))
    yield
    workdays.set_calendar(workdays.Calendar())


@pytest.mark.parametrize(
    "step, start, severity, expected",
    [
        ("correction", date(2025, 9, 29), "minor", date(2025, 10, 8)),  # 30 Sep, holiday week, Wed 8 Oct
        ("root_cause", date(2025, 9, 30), "minor", date(2025, 10, 13)),  # 8, 9, 10, 11 (调休 Saturday), 13
        ("action", date(2025, 10, 10), "minor", date(2025, 10, 16)),  # 11 (make-up), 13, 14, 15, 16
        ("closure", date(2025, 10, 10), "major", date(2025, 10, 13)),  # 严重: 5 → 2 working days: 11, 13
        ("correction", date(2025, 10, 10), "major", date(2025, 10, 11)),  # 严重: 1 working day, the make-up Saturday
        ("correction", date(2025, 10, 3), "minor", date(2025, 10, 9)),  # started on a holiday: 8, 9
    ],
)
def test_deadline_on_a_table_with_makeup_day(table_calendar, step, start, severity, expected):
    assert deadline(step, start, severity) == expected


def test_verification_counts_from_the_action_due_date(table_calendar):
    assert deadline("verification", date(2025, 9, 1), action_due=date(2025, 10, 10)) == date(2025, 10, 16)
    assert deadline("verification", date(2025, 10, 14), action_due=date(2025, 10, 10)) == date(2025, 10, 21)


def test_effectiveness_falls_three_calendar_months_after_verification():
    assert deadline("effectiveness", date(2025, 11, 30)) == date(2026, 2, 28)
    assert deadline("effectiveness", date(2025, 1, 15), policy=StepPolicy(effectiveness_months=6)) == date(2025, 7, 15)


def test_configured_days():
    policy = StepPolicy(days={"correction": 10, "root_cause": 5, "action": 5, "verification": 5, "closure": 5})
    assert deadline("correction", date(2024, 3, 1), policy=policy) == date(2024, 3, 15)


def test_overdue_counts_working_days(table_calendar):
    assert overdue_days(date(2025, 9, 30), date(2025, 10, 9)) == 2  # 8, 9 Oct
    assert overdue_days(date(2025, 9, 30), date(2025, 10, 9), done_on=date(2025, 9, 30)) == 0
    assert overdue_days(None, date(2025, 10, 9)) == 0
    assert overdue_days(date(2025, 10, 20), date(2025, 10, 9)) == 0


def test_steps_in_order_and_readiness():
    assert [next_step(s) for s in st.ORDER] == st.ORDER[1:] + ["closed"]
    with pytest.raises(st.StepError):
        next_step("closed")
    assert st.check_ready("root_cause", {"root_cause": "x", "cause_method": "6m"}) == [
        "按人机料法环测分析时请选择原因类别。"
    ]
    assert st.check_ready("root_cause", {"root_cause": "x", "cause_method": "5why"}) == []
    assert len(st.check_ready("action", {})) == 3
