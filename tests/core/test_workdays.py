"""Working days with China's holidays and make-up workdays (调休), from the chinesecalendar package."""

import logging
from datetime import date

import pytest

from app.core import workdays
from app.core.workdays import TableCalendar, add_workdays, is_workday, next_workday, workdays_between


def test_national_day_2025_and_its_makeup_workdays():
    # 国庆节 and 中秋节 2025: 1–8 October off; Sunday 28 September and Saturday 11 October worked.
    assert is_workday(date(2025, 9, 28)) and date(2025, 9, 28).weekday() == 6
    assert is_workday(date(2025, 10, 11)) and date(2025, 10, 11).weekday() == 5
    assert not any(is_workday(date(2025, 10, d)) for d in range(1, 9))
    assert is_workday(date(2025, 10, 9))
    # Friday 26 September + 2 working days: Sunday 28 (make-up), Monday 29.
    assert add_workdays(date(2025, 9, 26), 2) == date(2025, 9, 29)
    # From Tuesday 30 September the next working day is Thursday 9 October, then Friday 10, Saturday 11.
    assert add_workdays(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert add_workdays(date(2025, 9, 30), 3) == date(2025, 10, 11)
    assert add_workdays(date(2025, 9, 30), 4) == date(2025, 10, 13)
    assert workdays_between(date(2025, 9, 30), date(2025, 10, 12)) == 3


def test_spring_festival_2026_and_its_makeup_workdays():
    # 春节 2026: 15–23 February off; Saturdays 14 and 28 February worked.
    assert is_workday(date(2026, 2, 14)) and is_workday(date(2026, 2, 28))
    assert not any(is_workday(date(2026, 2, d)) for d in range(15, 24))
    assert is_workday(date(2026, 2, 24))
    assert add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert add_workdays(date(2026, 2, 14), 1) == date(2026, 2, 24)
    # 24–27 February (4) + Saturday 28 = 5 working days after the 14th.
    assert add_workdays(date(2026, 2, 14), 5) == date(2026, 2, 28)
    assert workdays_between(date(2026, 2, 13), date(2026, 3, 2)) == 7


def test_counting_conventions():
    d = date(2025, 6, 4)  # a Wednesday
    assert add_workdays(d, 0) == d
    assert add_workdays(add_workdays(d, 7), -7) == d
    assert workdays_between(d, d) == 0
    assert workdays_between(date(2025, 6, 9), date(2025, 6, 4)) == -3
    assert workdays_between(date(2025, 12, 30), date(2026, 1, 5)) == 3  # 31 Dec, 4 Jan (make-up), 5 Jan
    assert next_workday(date(2025, 10, 1)) == date(2025, 10, 9)


def test_year_beyond_the_package_falls_back_with_one_warning(caplog):
    workdays.set_calendar(workdays.Calendar())
    with caplog.at_level(logging.WARNING, logger="app.core.workdays"):
        assert not is_workday(date(2027, 10, 1))  # fixed-date statutory holiday
        assert not is_workday(date(2027, 1, 1))
        assert is_workday(date(2027, 10, 4))  # a Monday: no lunar/调休 knowledge in the fallback
        assert not is_workday(date(2027, 10, 9))  # Saturday
    warnings = [r for r in caplog.records if "2027" in r.getMessage()]
    assert len(warnings) == 1


def test_calendar_is_swappable():
    try:
        workdays.set_calendar(TableCalendar(holidays={date(2025, 6, 4)}, makeup_workdays={date(2025, 6, 7)}))
        assert not is_workday(date(2025, 6, 4))
        assert is_workday(date(2025, 6, 7))
        workdays.set_calendar(workdays.Calendar(overrides={date(2025, 6, 5): False}))
        assert not is_workday(date(2025, 6, 5))
        assert is_workday(date(2025, 6, 4))
    finally:
        workdays.set_calendar(workdays.Calendar())


@pytest.mark.parametrize("n", [1, 5, 20, 60])
def test_add_and_between_agree(n):
    start = date(2025, 9, 20)
    assert workdays_between(start, add_workdays(start, n)) == n
