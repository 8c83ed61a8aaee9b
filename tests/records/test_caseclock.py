"""The case clock and the supervision light, without a database."""

from datetime import date
from types import SimpleNamespace

import pytest

from app.core.workdays import add_workdays
from app.records.logic import caseclock
from app.records.logic.caseclock import GREEN, RED, STOPPED, YELLOW, ClockError, LightPolicy


def new_case(received, limit, instant=False, policy=LightPolicy()):
    c = SimpleNamespace(accepted_on=None, outcome=None, completed_on=None, used_days=None)
    caseclock.start(c, received, limit, instant, policy)
    return c


def test_due_date_counts_working_days_over_national_day():
    c = new_case(date(2025, 9, 26), 5)  # Friday
    # 28 Sep (make-up Sunday), 29, 30 Sep, 9, 10 Oct
    assert c.due_on == date(2025, 10, 10)


def test_threshold_defaults_and_configuration():
    p = LightPolicy()
    assert [p.threshold(n) for n in (1, 3, 5, 6, 10, 11, 20)] == [1, 1, 1, 2, 2, 3, 4]
    assert LightPolicy(percent=30, minimum=2).threshold(3) == 2
    assert LightPolicy(percent=30, minimum=2).threshold(10) == 3


def test_light_turns_yellow_then_red_at_the_thresholds():
    c = new_case(date(2025, 6, 2), 10)  # Monday; due 16 June (Dragon Boat 31 May–2 June is before)
    assert c.due_on == date(2025, 6, 16)
    # N = 2: yellow from the working day with 2 working days left (Thursday 12 June).
    assert c.yellow_on == date(2025, 6, 12)
    assert caseclock.light(c, date(2025, 6, 11)) == GREEN
    assert caseclock.remaining_workdays(c, date(2025, 6, 11)) == 3
    assert caseclock.light(c, date(2025, 6, 12)) == YELLOW
    assert caseclock.light(c, date(2025, 6, 16)) == YELLOW
    assert caseclock.light(c, date(2025, 6, 17)) == RED


def test_a_wider_yellow_band_when_configured():
    policy = LightPolicy(percent=50, minimum=1)
    c = new_case(date(2025, 6, 2), 10, policy=policy)
    assert c.yellow_on == add_workdays(date(2025, 6, 16), -5) == date(2025, 6, 9)
    assert caseclock.light(c, date(2025, 6, 6)) == GREEN
    assert caseclock.light(c, date(2025, 6, 9)) == YELLOW


def test_supplement_stops_the_clock_until_the_papers_are_complete():
    c = new_case(date(2025, 6, 2), 10)
    caseclock.stop_clock(c, date(2025, 6, 3), "supplement")
    assert c.state == "supplement" and c.due_on is None
    assert caseclock.light(c, date(2025, 7, 30)) == STOPPED  # no light while waiting for papers
    caseclock.resume_clock(c, date(2025, 6, 10))  # 4, 5, 6, 9, 10 June = 5 working days stopped
    assert c.stopped_workdays == 5
    assert c.due_on == add_workdays(date(2025, 6, 16), 5) == date(2025, 6, 23)
    caseclock.accept(c, date(2025, 6, 10))
    caseclock.complete(c, date(2025, 6, 20), "approved")
    # 14 working days between 2 and 20 June, minus 5 stopped = 9 used: early.
    assert c.used_days == 9 and caseclock.completion_class(c) == "early"


def test_pause_during_handling_across_spring_festival():
    c = new_case(date(2026, 2, 10), 5)  # Tuesday
    caseclock.accept(c, date(2026, 2, 10))
    assert c.due_on == date(2026, 2, 24)  # 11, 12, 13, 14 (make-up Saturday), 24
    caseclock.stop_clock(c, date(2026, 2, 12), "pause")
    caseclock.resume_clock(c, date(2026, 2, 25))  # 13, 14, 24, 25 stopped
    assert c.stopped_workdays == 4
    assert c.due_on == date(2026, 2, 28)  # 24 Feb + 4 working days: 25, 26, 27 and Saturday 28 (make-up)
    assert c.state == "accepted"


def test_steps_refused_in_the_wrong_state():
    c = new_case(date(2025, 6, 2), 10)
    with pytest.raises(ClockError):
        caseclock.complete(c, date(2025, 6, 3), "approved")  # not accepted yet
    with pytest.raises(ClockError):
        caseclock.stop_clock(c, date(2025, 6, 3), "pause")  # pause only after acceptance
    with pytest.raises(ClockError):
        caseclock.accept(c, date(2025, 5, 30))  # before receipt
    caseclock.accept(c, date(2025, 6, 3))
    caseclock.complete(c, date(2025, 6, 18), "approved")
    assert caseclock.completion_class(c) == "overdue" and caseclock.light(c, date(2025, 6, 18)) == "closed"
    with pytest.raises(ClockError):
        caseclock.withdraw(c, date(2025, 6, 19))


def test_instant_case_due_the_same_day():
    c = new_case(date(2025, 6, 3), 7, instant=True)
    assert c.limit_days == 0 and c.due_on == date(2025, 6, 3)
    # issue 14: not yellow the moment it is received; overdue only after its day
    assert caseclock.light(c, date(2025, 6, 3)) == GREEN
    assert caseclock.light(c, date(2025, 6, 4)) == RED
    caseclock.complete(c, date(2025, 6, 3), "approved")
    assert c.used_days == 0 and caseclock.completion_class(c) == "on_time"
