"""Pure lifecycle rules: revision labels, in force on a date (past and future), displayed states, review due."""

from dataclasses import dataclass
from datetime import date

import pytest

from app.documents.logic import lifecycle as lc


@dataclass
class V:
    id: int
    status: str
    effective_date: date | None = None


def test_revision_labels():
    assert lc.next_revision(None) == "A/0"
    assert lc.next_revision("A/0") == "A/1"
    assert lc.next_revision("A/9") == "A/10"
    assert lc.next_revision("A/3", major=True) == "B/0"
    assert lc.next_revision("B/0") == "B/1"
    with pytest.raises(lc.RevisionError):
        lc.next_revision("Z/2", major=True)
    with pytest.raises(lc.RevisionError):
        lc.parse_revision("A-1")


def test_latest_revision_orders_numerically_and_by_letter():
    assert lc.latest_revision(["A/2", "A/10", "A/9"]) == "A/10"
    assert lc.latest_revision(["A/10", "B/0"]) == "B/0"
    assert lc.latest_revision([]) is None


HISTORY = [
    V(1, lc.APPROVED, date(2019, 1, 1)),
    V(2, lc.APPROVED, date(2022, 3, 1)),
    V(3, lc.APPROVED, date(2027, 1, 1)),  # approved, takes effect later
    V(4, lc.DRAFT),
    V(5, lc.WITHDRAWN),
    V(6, lc.IN_REVIEW),
]


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2018, 12, 31), None),
        (date(2019, 1, 1), 1),
        (date(2022, 2, 28), 1),
        (date(2022, 3, 1), 2),
        (date(2026, 12, 31), 2),
        (date(2027, 1, 1), 3),
        (date(2040, 1, 1), 3),
    ],
)
def test_in_force_on_past_and_future_dates(day, expected):
    found = lc.in_force(HISTORY, day)
    assert (found.id if found else None) == expected


def test_in_force_tie_on_same_day_goes_to_higher_id_and_repeal_ends_it():
    versions = [V(7, lc.APPROVED, date(2024, 5, 1)), V(8, lc.APPROVED, date(2024, 5, 1))]
    assert lc.in_force(versions, date(2024, 5, 1)).id == 8
    assert lc.in_force(versions, date(2025, 1, 1), repealed_on=date(2025, 1, 1)) is None
    assert lc.in_force(versions, date(2024, 12, 31), repealed_on=date(2025, 1, 1)).id == 8


def test_version_states_depend_on_the_day():
    day = date(2026, 6, 1)
    states = {v.id: lc.version_status(v, HISTORY, day) for v in HISTORY}
    assert states == {
        1: lc.S_SUPERSEDED,
        2: lc.S_CURRENT,
        3: lc.S_PENDING,
        4: lc.S_DRAFT,
        5: lc.S_WITHDRAWN,
        6: lc.S_IN_REVIEW,
    }
    later = date(2027, 6, 1)
    assert lc.version_status(HISTORY[1], HISTORY, later) == lc.S_SUPERSEDED
    assert lc.version_status(HISTORY[2], HISTORY, later) == lc.S_CURRENT
    # repealed in 2028: the version in force then shows 已废止, older ones 已替代
    assert lc.version_status(HISTORY[2], HISTORY, date(2028, 2, 1), repealed_on=date(2028, 1, 1)) == lc.S_REPEALED
    assert lc.version_status(HISTORY[1], HISTORY, date(2028, 2, 1), repealed_on=date(2028, 1, 1)) == lc.S_SUPERSEDED
    assert lc.STATUS_LABELS[lc.S_PENDING] == "已批准（待生效）"


def test_document_status():
    assert lc.document_status_of(HISTORY, date(2018, 1, 1)) == lc.S_PENDING
    assert lc.document_status_of(HISTORY, date(2020, 1, 1)) == lc.S_CURRENT
    assert lc.document_status_of(HISTORY, date(2020, 1, 1), repealed_on=date(2020, 1, 1)) == lc.S_REPEALED
    assert lc.document_status_of([V(1, lc.DRAFT)], date(2020, 1, 1)) == lc.S_DRAFT
    assert lc.document_status_of([V(1, lc.DRAFT), V(2, lc.IN_REVIEW)], date(2020, 1, 1)) == lc.S_IN_REVIEW
    assert lc.document_status_of([V(1, lc.WITHDRAWN)], date(2020, 1, 1)) == lc.S_WITHDRAWN


def test_review_due():
    assert lc.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert lc.add_months(date(2024, 11, 15), 14) == date(2026, 1, 15)
    due = lc.review_due(date(2025, 1, 1), 12, today=date(2025, 12, 10))
    assert (due.due_on, due.state, due.days_left) == (date(2026, 1, 1), "due_soon", 22)
    assert lc.review_due(date(2025, 1, 1), 12, today=date(2026, 1, 2)).state == "overdue"
    assert lc.review_due(date(2025, 1, 1), 12, today=date(2025, 6, 1)).state == "ok"
    assert lc.review_due(date(2025, 1, 1), 12, today=date(2026, 1, 11)).label == "已逾期 10 天"


def test_distribution_and_hash():
    assert lc.is_distributed_to("all", "window_staff")
    assert lc.is_distributed_to("", "auditor")
    assert lc.is_distributed_to("window_staff,evaluator", "evaluator")
    assert not lc.is_distributed_to("window_staff,evaluator", "auditor")
    assert lc.content_sha256("第一条") == lc.content_sha256("第一条")
    assert lc.content_sha256("第一条") != lc.content_sha256("第一条 ")
