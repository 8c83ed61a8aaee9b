"""效能投诉 (GB/T 36113-2018) against a real database: issued number, investigator, the five
steps with working-day deadlines, findings and a 责任追究 decision."""

import pytest

from app.core.timeutil import local_today
from app.core.workdays import add_workdays
from app.extensions import db
from app.hall.logic import complaints as rules
from app.hall.models import Accountability
from app.hall.services import complaints as svc
from app.hall.services.common import HallError
from app.records.models import Complaint


def _register(hall, received=None):
    c = svc.register(
        hall.evaluator,
        received or local_today(),
        "phone",
        "郁晚晴",
        "139****0000",
        "窗口人员让我跑了三趟，每次说法不一样。",
        window_id=hall.wa.id,
        staff_id=hall.staff[0].id,
        investigator_id=hall.evaluator.id,
    )
    db.session.commit()
    return c


def test_number_is_issued_and_saved_with_the_deadline_of_feedback(hall):
    today = local_today()
    c = _register(hall)
    assert db.session.get(Complaint, c.id) is not None
    assert c.number == f"TS{today.year}-00001"
    assert _register(hall).number == f"TS{today.year}-00002"
    assert c.deadline_on == add_workdays(today, 1 + 5 + 5 + 2)


def test_steps_in_order_to_an_upheld_finding_and_an_accountability_entry(hall):
    start = add_workdays(local_today(), -8)
    c = _register(hall, start)
    with pytest.raises(HallError, match="受理"):
        svc.do_step(hall.evaluator, c, rules.INVESTIGATE, start, c.row_version, finding=rules.UPHELD)
    db.session.rollback()
    svc.do_step(hall.evaluator, c, rules.ACCEPT, start, c.row_version)
    db.session.commit()
    with pytest.raises(HallError, match="调查结论"):
        svc.do_step(hall.evaluator, c, rules.INVESTIGATE, add_workdays(start, 3), c.row_version)
    db.session.rollback()
    c = db.session.get(Complaint, c.id)
    with pytest.raises(HallError, match="成立或部分成立"):
        svc.decide(hall.evaluator, c, "education", start)
    db.session.rollback()
    c = db.session.get(Complaint, c.id)
    svc.do_step(
        hall.evaluator,
        c,
        rules.INVESTIGATE,
        add_workdays(start, 3),
        c.row_version,
        finding=rules.PARTLY,
        note="核实：一次性告知不到位",
    )
    svc.do_step(hall.evaluator, c, rules.HANDLE, add_workdays(start, 4), c.row_version, result="窗口负责人约谈")
    a = svc.decide(hall.evaluator, c, "circulated", add_workdays(start, 4), note="通报批评一次")
    svc.do_step(
        hall.evaluator, c, rules.FEEDBACK, add_workdays(start, 5), c.row_version, note="电话反馈，投诉人表示认可"
    )
    svc.do_step(hall.evaluator, c, rules.ARCHIVE, add_workdays(start, 6), c.row_version)
    db.session.commit()
    assert (c.finding, c.valid, c.replied_on) == (rules.PARTLY, True, add_workdays(start, 5))
    assert c.penalty == "通报批评"
    assert db.session.get(Accountability, a.id).window_id == hall.wa.id
    plan = svc.plan(c, local_today())
    assert [v.light for v in plan] == [rules.DONE] * 5
    with pytest.raises(HallError, match="已归档"):
        svc.do_step(hall.evaluator, c, rules.ARCHIVE, local_today(), c.row_version)


def test_feedback_without_a_record_is_refused_and_window_staff_cannot_register(hall):
    from app.kernel import PermissionDenied

    with pytest.raises(PermissionDenied):
        svc.register(hall.a, local_today(), "phone", "甲", "", "内容")
    db.session.rollback()
    c = _register(hall)
    today = local_today()
    svc.do_step(hall.evaluator, c, rules.ACCEPT, today, c.row_version)
    svc.do_step(hall.evaluator, c, rules.INVESTIGATE, today, c.row_version, finding=rules.NOT_UPHELD)
    svc.do_step(hall.evaluator, c, rules.HANDLE, today, c.row_version, result="不成立，向投诉人解释")
    with pytest.raises(HallError, match="反馈"):
        svc.do_step(hall.evaluator, c, rules.FEEDBACK, today, c.row_version)
