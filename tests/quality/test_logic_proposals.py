"""Proposals from the records, objective misses and similar NCs: pure functions on tables."""

from datetime import date

import pytest

from app.quality.logic import proposals as pr
from app.quality.logic.objectives import MonthValue, met
from app.quality.logic.similar import NcFacts, similar

LABELS = {1: "1号窗口", 2: "2号窗口"}


def test_red_light_month_is_the_day_after_due():
    pairs = [(1, date(2026, 3, 31)), (1, date(2026, 4, 1)), (1, date(2026, 4, 2)), (2, date(2026, 4, 5))]
    assert pr.red_light_months(pairs) == {(1, 2026, 4): 3, (2, 2026, 4): 1}


@pytest.mark.parametrize("count, threshold, proposed", [(2, 3, False), (3, 3, True), (4, 3, True), (1, 1, True)])
def test_red_light_threshold(count, threshold, proposed):
    out = pr.from_red_lights({(1, 2026, 4): count}, LABELS, pr.Thresholds(red_lights_per_month=threshold))
    assert bool(out) is proposed
    if out:
        assert out[0].key == "red:1:2026-04" and out[0].found_on == date(2026, 4, 30) and "1号窗口" in out[0].title


def test_complaints_only_when_upheld():
    rows = [(7, "TS-1", 1, date(2026, 2, 1), "态度差", True), (8, "TS-2", 2, date(2026, 2, 2), "x", False)]
    assert [p.key for p in pr.from_complaints(rows, LABELS)] == ["complaint:7"]


@pytest.mark.parametrize(
    "upheld, due, done, today, proposed",
    [
        (True, date(2026, 3, 1), None, date(2026, 3, 2), True),  # still open after the due date
        (True, date(2026, 3, 1), None, date(2026, 3, 1), False),  # due today: not late yet
        (True, date(2026, 3, 1), date(2026, 3, 1), date(2026, 4, 1), False),  # rectified on time
        (True, date(2026, 3, 1), date(2026, 3, 5), date(2026, 4, 1), True),  # rectified late
        (False, date(2026, 3, 1), None, date(2026, 4, 1), False),  # not upheld
        (True, None, None, date(2026, 4, 1), False),  # no due date set
    ],
)
def test_bad_rating_not_rectified_in_time(upheld, due, done, today, proposed):
    rows = [(5, 1, date(2026, 2, 10), 1, upheld, due, done)]
    assert bool(pr.from_ratings(rows, LABELS, today)) is proposed


def test_repeated_audit_finding():
    rows = [
        (1, "NS-2025-01", date(2025, 5, 1), "7.5", "1", "1号窗口", "nonconform"),
        (2, "NS-2026-01", date(2026, 5, 1), "7.5", "1", "1号窗口", "observation"),
        (2, "NS-2026-01", date(2026, 5, 1), "8.5", "1", "1号窗口", "nonconform"),
        (3, "NS-2026-02", date(2026, 9, 1), "7.5", "2", "2号窗口", "nonconform"),
        (3, "NS-2026-02", date(2026, 9, 1), "9.1", "2", "2号窗口", "conform"),
    ]
    out = pr.from_findings(rows)
    assert [(p.iso_clause, p.found_on) for p in out] == [("7.5", date(2026, 5, 1))]
    assert "NS-2025-01、NS-2026-01" in out[0].description


@pytest.mark.parametrize(
    "values, expected",
    [
        ([(2026, 1, 98.0), (2026, 2, 97.0), (2026, 3, 99.5)], [(2026, 2)]),
        ([(2026, 1, 98.0), (2026, 2, None), (2026, 3, 97.0)], []),  # no data breaks the run
        ([(2026, 1, 98.0), (2026, 2, 98.0), (2026, 3, 98.0)], [(2026, 2), (2026, 3)]),
        ([(2026, 1, 99.0), (2026, 2, 99.0)], []),  # met at the target
    ],
)
def test_objective_missed_two_months_running(values, expected):
    assert pr.missed_runs(values, 99.0) == expected


def test_objective_proposals_and_values():
    out = pr.from_objectives([(3, "按时办结率", 99.0, True, [(2026, 1, 98.0), (2026, 2, 97.0)])])
    assert out[0].key == "objective:3:2026-02" and out[0].iso_clause == "6.2"
    assert MonthValue(2026, 1, 99, 100).value == 99.0 and MonthValue(2026, 1, 0, 0).value is None
    assert met(99.0, 99.0) and not met(98.9, 99.0) and met(None, 99) is None and met(0.5, 1.0, higher_is_better=False)


def test_similar_nonconformities():
    a = NcFacts(1, "BHG-1", 1, 10, "8.5.1", "SF-ZD-003 第五条", "窗口人员推诿不办，态度生硬")
    same_place_same_words = NcFacts(2, "BHG-2", 1, 10, "", "", "窗口人员推诿不办")
    same_rule = NcFacts(3, "BHG-3", 2, 11, "", "SF-ZD-003 第五条", "其他")
    unrelated = NcFacts(4, "BHG-4", 2, 11, "7.5", "", "文件未受控")
    out = similar(a, [a, same_place_same_words, same_rule, unrelated])
    assert [c.id for c, _why in out] == [2, 3]
    assert "同一窗口" in out[0][1] and any("描述相近" in w for w in out[0][1])
