"""The hall's clocks as pure functions on working days, across the 2026 中秋/国庆 holiday:
25 Sep (Fri) and 1–7 Oct are off, Saturday 10 Oct is a make-up workday (调休)."""

from datetime import date

import pytest

from app.hall.logic import complaints as cp
from app.hall.logic import first_contact as fc
from app.hall.logic import joint, materials, quarterly, ratings, reporting

D = date


@pytest.mark.parametrize(
    "started, limit, due, deemed_from",
    [
        (D(2026, 9, 29), 3, D(2026, 10, 9), D(2026, 10, 10)),  # deemed on the make-up Saturday
        (D(2026, 9, 29), 4, D(2026, 10, 10), D(2026, 10, 12)),  # due on the make-up Saturday
        (D(2026, 9, 24), 1, D(2026, 9, 28), D(2026, 9, 29)),  # 中秋 Friday and the weekend skipped
        (D(2026, 9, 30), 0, D(2026, 9, 30), D(2026, 10, 8)),
    ],
)
def test_stage_due_and_deemed_consent_day(started, limit, due, deemed_from):
    assert joint.stage_due(started, limit) == due
    assert joint.deemed_on(started, limit) == deemed_from
    assert not joint.is_deemed(joint.CO, started, limit, None, due)
    assert joint.is_deemed(joint.CO, started, limit, None, deemed_from)
    # the lead's own stage is never deemed; an answered stage is not either
    assert not joint.is_deemed(joint.LEAD, started, limit, None, deemed_from)
    assert not joint.is_deemed(joint.CO, started, limit, due, deemed_from)


@pytest.mark.parametrize(
    "today, light, remaining",
    [
        (D(2026, 9, 29), joint.GREEN, 5),
        (D(2026, 10, 9), joint.GREEN, 2),
        (D(2026, 10, 10), joint.YELLOW, 1),  # max(1, ceil(20 % x 5)) = 1 working day left
        (D(2026, 10, 12), joint.YELLOW, 0),
        (D(2026, 10, 13), joint.RED, -1),
    ],
)
def test_stage_lights(today, light, remaining):
    v = joint.view(joint.CO, D(2026, 9, 29), 5, None, today)
    assert v.due_on == D(2026, 10, 12)
    assert (v.light, v.remaining) == (light, remaining)
    assert v.late == (light == joint.RED)


def test_case_deadline_is_the_leads_commitment_and_late_co_windows_are_charged():
    lead = (1, joint.LEAD, D(2026, 9, 28), 10, None)
    on_time = (2, joint.CO, D(2026, 9, 28), 3, D(2026, 9, 30))
    late_answer = (3, joint.CO, D(2026, 9, 28), 3, D(2026, 10, 12))
    silent = (4, joint.CO, D(2026, 9, 28), 3, None)
    assert joint.case_deadline(D(2026, 9, 28), 10) == D(2026, 10, 16)
    today = D(2026, 10, 12)
    assert joint.charged_windows([lead, on_time, late_answer, silent], today) == [3, 4]
    assert joint.may_proceed([(s, n, a) for _, _, s, n, a in (on_time, late_answer, silent)], today)
    assert not joint.may_proceed([(D(2026, 9, 28), 3, None)], D(2026, 10, 8))
    # the lead stage's answer never matters for the co-window charges
    assert joint.view(joint.LEAD, D(2026, 9, 28), 10, None, today).light == joint.GREEN


@pytest.mark.parametrize(
    "accepted, reported, answered, informed, today, report_due, late, waited, inform_due, informed_late",
    [
        (
            D(2026, 9, 29),
            D(2026, 10, 9),
            D(2026, 10, 12),
            D(2026, 10, 14),
            D(2026, 10, 20),
            D(2026, 10, 9),
            False,
            2,
            D(2026, 10, 14),
            False,
        ),
        (D(2026, 9, 29), D(2026, 10, 10), None, None, D(2026, 10, 12), D(2026, 10, 9), True, None, None, False),
        (
            D(2026, 9, 28),
            D(2026, 9, 30),
            D(2026, 10, 9),
            None,
            D(2026, 10, 13),
            D(2026, 10, 8),
            False,
            2,
            D(2026, 10, 12),
            True,
        ),
    ],
)
def test_report_clock(
    accepted, reported, answered, informed, today, report_due, late, waited, inform_due, informed_late
):
    v = reporting.view(accepted, reported, answered, informed, today)
    assert (v.report_due, v.reported_late, v.waited_workdays, v.inform_due, v.informed_late) == (
        report_due,
        late,
        waited,
        inform_due,
        informed_late,
    )


def test_report_pause_counts_working_days_until_the_answer():
    assert reporting.paused_workdays(D(2026, 9, 29), None, D(2026, 10, 9)) == 3  # 9-30, 10-8, 10-9
    assert reporting.paused_workdays(D(2026, 9, 29), D(2026, 10, 10), D(2026, 12, 1)) == 4


def test_complaint_plan_default_limits_over_the_holiday():
    steps = cp.plan(D(2026, 9, 30), {}, D(2026, 9, 30))
    assert [(s.label, s.due_on) for s in steps] == [
        ("受理", D(2026, 10, 8)),
        ("调查", D(2026, 10, 14)),
        ("处置", D(2026, 10, 21)),
        ("反馈", D(2026, 10, 23)),
        ("归档", None),
    ]
    assert [s.light for s in steps] == [cp.YELLOW, cp.WAITING, cp.WAITING, cp.WAITING, cp.WAITING]


@pytest.mark.parametrize(
    "done, today, lights, late",
    [
        # accepted on time; investigation runs from the day of acceptance
        ({"accept": D(2026, 9, 30)}, D(2026, 10, 8), ["done", "green", "waiting", "waiting", "waiting"], []),
        ({"accept": D(2026, 9, 30)}, D(2026, 10, 12), ["done", "yellow", "waiting", "waiting", "waiting"], []),
        (
            {"accept": D(2026, 9, 30)},
            D(2026, 10, 14),
            ["done", "red", "waiting", "waiting", "waiting"],
            ["investigate"],
        ),
        # acceptance late (10-9 > 10-8); investigation due 10-15 counted from the actual day, done 10-16
        (
            {"accept": D(2026, 10, 9), "investigate": D(2026, 10, 16)},
            D(2026, 10, 16),
            ["done", "done", "green", "waiting", "waiting"],
            ["accept", "investigate"],
        ),
    ],
)
def test_complaint_step_lights(done, today, lights, late):
    steps = cp.plan(D(2026, 9, 30), done, today)
    assert [s.light for s in steps] == lights
    assert [s.step for s in steps if s.late] == late


def test_complaint_steps_in_order_with_a_finding():
    received = D(2026, 9, 30)
    with pytest.raises(cp.ComplaintError, match="受理"):
        cp.check_next({}, "investigate", received, received)
    with pytest.raises(cp.ComplaintError, match="调查结论"):
        cp.check_next({"accept": received}, "investigate", D(2026, 10, 8), received)
    with pytest.raises(cp.ComplaintError, match="早于"):
        cp.check_next({"accept": D(2026, 10, 8)}, "investigate", received, received, cp.UPHELD)
    cp.check_next({"accept": received}, "investigate", D(2026, 10, 8), received, cp.PARTLY)
    assert cp.is_valid(cp.PARTLY) and cp.is_valid(cp.UPHELD) and cp.is_valid(cp.NOT_UPHELD) is False
    done = dict.fromkeys(cp.STEPS, received)
    with pytest.raises(cp.ComplaintError, match="已归档"):
        cp.check_next(done, "archive", received, received)
    assert cp.reminder(received, {}, D(2026, 10, 8)).step == "accept"
    assert cp.reminder(received, {"accept": received}, D(2026, 10, 9)) is None


def test_first_contact_shirking_and_unconfirmed():
    assert not fc.is_shirking(1, fc.HANDED)
    assert fc.is_shirking(2, fc.HANDED) and fc.is_shirking(2, fc.OPEN)
    assert not fc.is_shirking(3, fc.ANSWERED) and not fc.is_shirking(2, fc.CASED)
    assert fc.confirm_due(D(2026, 9, 30)) == D(2026, 10, 8)
    assert not fc.unconfirmed_overdue(D(2026, 9, 30), D(2026, 10, 8))
    assert fc.unconfirmed_overdue(D(2026, 9, 30), D(2026, 10, 9))


def test_materials_in_force_missing_and_breach():
    a, b, c = (materials.Material(k, n) for k, n in (("id", "身份证"), ("form", "申请表"), ("lease", "租赁合同")))
    versions = [(D(2026, 1, 1), [a, b]), (D(2026, 7, 1), [a, b, c])]
    assert materials.in_force(versions, D(2025, 12, 31)) == []
    assert materials.in_force(versions, D(2026, 6, 30)) == [a, b]
    assert materials.in_force(versions, D(2026, 7, 1)) == [a, b, c]
    assert materials.missing([a, b, c], {"id"}) == [b, c]
    assert materials.breaches(["form", "lease"], ["lease", "id"]) == ["id"]
    assert materials.deadline(D(2026, 9, 29)) == D(2026, 10, 12)  # 9-30, 10-8, 10-9, 10-10, 10-12
    assert materials.parse_form("复印件") == "copy" and materials.parse_form("原件及复印件") == "both"


def test_rating_indicators_rectification_and_rate():
    rows = [(5, 5, 5, 5), (4, 4, 5, 4), (2, 3, 2, 1), (1, None, None, None)]
    ind = ratings.indicators(rows)
    assert (ind.count, ind.overall, ind.satisfied_rate, ind.bad) == (4, 60.0, 50.0, 2)
    assert ind.efficiency == 80.0 and ind.attitude == 66.7
    assert ratings.indicators([]).overall is None
    assert ratings.rectify_due(D(2026, 9, 29)) == D(2026, 10, 26)
    assert ratings.rectify_due(D(2026, 9, 29), 5) == D(2026, 10, 12)
    items = [(D(2026, 10, 23), D(2026, 10, 20)), (D(2026, 10, 23), D(2026, 10, 26)), (D(2026, 11, 1), None)]
    assert ratings.rectification_rate(items, D(2026, 10, 30)) == 50.0
    assert ratings.rectification_rate(items, D(2026, 11, 2)) == 33.3


def test_quarterly_rank_and_publicity():
    assert quarterly.quarter_bounds(2026, 4) == (D(2026, 10, 1), D(2026, 12, 31))
    assert quarterly.quarter_of(D(2026, 9, 30)) == 3
    ranked = quarterly.rank({1: (90.0, 80.0), 2: (80.0, 90.0), 3: (None, None), 4: (95.0, None)})
    assert [(r.window_id, r.combined, r.place) for r in ranked] == [
        (4, 95.0, 1),
        (2, 85.0, 2),
        (1, 85.0, 3),
        (3, None, None),
    ]
    assert quarterly.publicity_end(D(2026, 9, 29)) == D(2026, 10, 12)
