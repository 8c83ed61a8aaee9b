"""联办件 / 超时默许 / 上报件 against a real database."""

from datetime import datetime

import pytest

from app.core.timeutil import local_today
from app.core.workdays import add_workdays
from app.extensions import db
from app.hall.logic import joint as rules
from app.hall.services import joint as svc
from app.hall.services.common import HallError
from app.records.services import cases as case_services


def _case(hall, received):
    c = case_services.register_case(
        hall.a,
        hall.item,
        datetime.combine(received, datetime.min.time()).replace(hour=9),
        "青禾餐饮管理有限公司",
        window_id=hall.wa.id,
    )
    case_services.step(hall.a, c, "accept", received)
    db.session.commit()
    return c


def test_lead_stage_carries_the_case_deadline_and_co_stages_their_own(hall):
    today = local_today()
    case = _case(hall, today)
    stages = svc.make_joint(hall.a, case, [(hall.wb.id, 3)], started_on=today)
    db.session.commit()
    lead, co = stages
    assert (lead.role, lead.window_id, lead.due_on) == (rules.LEAD, hall.wa.id, case.due_on)
    assert (co.role, co.window_id, co.due_on) == (rules.CO, hall.wb.id, add_workdays(today, 3))
    assert case.handling_class == "joint"
    with pytest.raises(HallError, match="已是联办件"):
        svc.make_joint(hall.a, case, [(hall.wb.id, 3)])


def test_only_a_co_window_other_than_the_lead_and_only_its_staff_answer(hall):
    today = local_today()
    case = _case(hall, today)
    with pytest.raises(HallError, match="协办窗口"):
        svc.make_joint(hall.a, case, [(hall.wa.id, 3)])
    db.session.rollback()
    _, co = svc.make_joint(hall.a, case, [(hall.wb.id, 3)], started_on=today)
    db.session.commit()
    with pytest.raises(HallError):
        svc.answer_stage(hall.a, co, rules.AGREE, "", co.row_version, on=today)
    db.session.rollback()
    with pytest.raises(HallError, match="理由"):
        svc.answer_stage(hall.b, co, rules.DISAGREE, "", co.row_version, on=today)
    svc.answer_stage(hall.b, co, rules.AGREE, "场所符合要求", co.row_version, on=today)
    db.session.commit()
    assert (co.answer, co.is_open, co.charged) == (rules.AGREE, False, False)


def test_silence_past_the_limit_is_deemed_consent_and_the_late_window_is_charged(hall):
    today = local_today()
    started = add_workdays(today, -6)
    case = _case(hall, started)
    _, co = svc.make_joint(hall.a, case, [(hall.wb.id, 3)], started_on=started)
    db.session.commit()
    with pytest.raises(HallError, match="视为同意"):  # too late to answer now
        svc.answer_stage(hall.b, co, rules.AGREE, "", co.row_version, on=today)
    db.session.rollback()
    swept = svc.sweep_deemed(today)
    db.session.commit()
    assert [s.id for s in swept] == [co.id]
    assert (co.answer, co.charged, co.answered_on) == (rules.DEEMED, True, rules.deemed_on(started, 3))
    assert svc.sweep_deemed(today) == []  # recorded once


def test_reported_case_clock_stands_still_until_the_answer(hall):
    today = local_today()
    received = add_workdays(today, -4)
    case = _case(hall, received)
    due_before = case.due_on
    rep = svc.report(hall.a, case, "省市场监督管理局", add_workdays(today, -3), case.row_version)
    db.session.commit()
    assert case.stopped_since == add_workdays(today, -3)
    with pytest.raises(HallError, match="尚待上级答复"):
        svc.report(hall.a, case, "省局", today, case.row_version)
    db.session.rollback()
    svc.record_answer(hall.a, rep, "同意按规定办理", today, rep.row_version)
    db.session.commit()
    assert case.stopped_since is None
    assert case.due_on == add_workdays(due_before, 3)


def test_applicant_told_after_the_answer_once(hall):
    today = local_today()
    case = _case(hall, add_workdays(today, -4))
    rep = svc.report(hall.a, case, "省局", add_workdays(today, -3), case.row_version)
    db.session.commit()
    with pytest.raises(HallError, match="尚未答复"):
        svc.record_informed(hall.a, rep, today, rep.row_version)
    db.session.rollback()
    rep = db.session.get(type(rep), rep.id)
    svc.record_answer(hall.a, rep, "同意", add_workdays(today, -1), rep.row_version)
    svc.record_informed(hall.a, rep, today, rep.row_version)
    db.session.commit()
    assert rep.informed_on == today
    with pytest.raises(HallError, match="已登记"):
        svc.record_informed(hall.a, rep, today, rep.row_version)


def test_the_lead_stage_ends_with_its_case_and_leaves_the_lights(hall):
    from app.hall import queries

    today = local_today()
    started = add_workdays(today, -8)
    case = _case(hall, started)
    svc.make_joint(hall.a, case, [(hall.wb.id, 2)], started_on=started)
    db.session.commit()
    case_services.step(hall.a, case, "complete", today, outcome="approved")
    svc.sweep_deemed(today)
    db.session.commit()
    lead = [s for s in svc.stages_of(case.id) if s.role == rules.LEAD][0]
    assert (lead.is_open, lead.answered_on) == (False, today)
    counts, rows = queries.stage_lights(today)
    assert rows == [] and counts == []
