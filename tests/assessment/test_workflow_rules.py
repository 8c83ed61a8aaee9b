"""The month's state machine (pure)."""

from datetime import date

import pytest

from app.assessment.logic import workflow as wf


@pytest.mark.parametrize(
    "state, action, target",
    [
        (wf.OPEN, "score", wf.SCORING),
        (wf.SCORING, "submit", wf.SUBMITTED),
        (wf.OPEN, "submit", wf.SUBMITTED),
        (wf.SUBMITTED, "return", wf.SCORING),
        (wf.SUBMITTED, "lock", wf.PUBLICITY),
        (wf.PUBLICITY, "finalise", wf.FINAL),
        (wf.PUBLICITY, "reopen", wf.SCORING),
        (wf.FINAL, "reopen", wf.SCORING),
    ],
)
def test_allowed_steps(state, action, target):
    assert wf.check(state, action) == target


@pytest.mark.parametrize(
    "state, action",
    [
        (wf.SCORING, "lock"),
        (wf.SUBMITTED, "score"),
        (wf.PUBLICITY, "score"),
        (wf.FINAL, "score"),
        (wf.SCORING, "reopen"),
        (wf.OPEN, "finalise"),
        (wf.FINAL, "lock"),
    ],
)
def test_refused_steps(state, action):
    with pytest.raises(wf.WorkflowError, match="不能"):
        wf.check(state, action)


def test_permissions_name_the_table_entries():
    from app.auth.permissions import PERMISSIONS

    assert {perm for _s, _t, perm in wf.TRANSITIONS.values()} <= set(PERMISSIONS)
    assert wf.TRANSITIONS["reopen"][2] == "assessment.reopen" and wf.TRANSITIONS["lock"][2] == "assessment.lock"


def test_appeal_window_and_finalising():
    end = date(2026, 4, 9)
    assert wf.appeal_open(wf.PUBLICITY, end, date(2026, 4, 9))
    assert not wf.appeal_open(wf.PUBLICITY, end, date(2026, 4, 10))
    assert not wf.appeal_open(wf.FINAL, end, date(2026, 4, 8))
    assert "公示期满" in wf.can_finalise(wf.PUBLICITY, end, date(2026, 4, 9), 0)
    assert "申诉未复核" in wf.can_finalise(wf.PUBLICITY, end, date(2026, 4, 10), 2)
    assert wf.can_finalise(wf.PUBLICITY, end, date(2026, 4, 10), 0) is None
    assert wf.is_locked(wf.PUBLICITY) and wf.is_locked(wf.FINAL) and not wf.is_locked(wf.SUBMITTED)
