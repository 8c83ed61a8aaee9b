"""服务标兵: eligibility, ballot counting, weighted combination and the quota (pure)."""

from dataclasses import replace

import pytest

from app.assessment.logic.schemes import ExemplarRules
from app.assessment.logic.selection import (
    Candidate,
    StaffFacts,
    combine,
    count_ballots,
    eligibility,
    quota,
)

M = ExemplarRules()


@pytest.mark.parametrize(
    "facts, ok",
    [
        (StaffFacts(1, "甲", 1, 98), True),
        (StaffFacts(1, "甲", 1, 97.5), False),
        (StaffFacts(1, "甲", 1, 90, full_marks=True), True),
        (StaffFacts(1, "甲", 1, 100, valid_complaints=1), False),
        (StaffFacts(1, "甲", 1, 100, absences=1), False),
        (StaffFacts(1, "甲", 1, 100, late=2), True),
        (StaffFacts(1, "甲", 1, 100, late=3), False),
        (StaffFacts(1, "甲", 1, 100, late=1, late_year=5), False),
    ],
)
def test_eligibility(facts, ok):
    assert (eligibility(facts, M) == []) is ok


@pytest.mark.parametrize("staff, windows, expected", [(60, 20, 6), (25, 10, 2), (9, 3, 1), (0, 0, 0), (40, 2, 2)])
def test_quota(staff, windows, expected):
    assert quota(staff, windows, M) == expected


def test_count_ballots_ignores_spoilt_and_lists_everyone():
    assert count_ballots([1, 2, 2, 9, 2], [1, 2, 3]) == {1: 1, 2: 3, 3: 0}


def test_weights_and_quota_and_one_per_window():
    cands = [
        Candidate(1, 11, "甲", 1, 100, votes=8, public_score=100, leader_score=90),
        Candidate(2, 12, "乙", 1, 100, votes=9, public_score=100, leader_score=100),
        Candidate(3, 13, "丙", 2, 98, votes=2, public_score=80, leader_score=80),
        Candidate(4, 14, "丁", 3, 99, votes=1, public_score=60, leader_score=70),
    ]
    out = combine(cands, voters=10, rules=M, staff_on_duty=20, windows=3)  # quota 2
    by = {c.name: c for c in out}
    # 乙: 40 + 0.3×90 + 20 + 10 = 97; 甲: 40 + 24 + 20 + 9 = 93
    assert by["乙"].combined == 97 and by["甲"].combined == 93
    assert [c.name for c in out if c.selected] == ["乙", "丙"]
    assert by["甲"].note == "本窗口已有人当选" and by["丁"].note == "超出名额"


def test_ineligible_never_selected_and_monthly_score_capped():
    c = [
        Candidate(1, 1, "甲", 1, 110, votes=5, public_score=100, leader_score=100, eligible_reasons=["有旷工记录"]),
        Candidate(2, 2, "乙", 2, 105, votes=0, public_score=0, leader_score=0),
    ]
    out = combine(
        c, voters=5, rules=replace(M, quota_min=2, min_votes=0), staff_on_duty=5, windows=2
    )  # votes are not what this tests
    assert [x.name for x in out if x.selected] == ["乙"]
    assert out[0].combined == 40  # 110 counts as 100 × 40 %
