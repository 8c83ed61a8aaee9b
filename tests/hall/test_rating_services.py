"""好差评 closed loop (GB/T 39734/39735) against a real database: one rating per case, a 差评
verified, rectified and called back, a reasoned exclusion, 申诉复核."""

from datetime import datetime

import pytest

from app.core.timeutil import local_today
from app.core.workdays import add_workdays
from app.extensions import db
from app.hall.services import ratings as svc
from app.hall.services.common import HallError
from app.records.services import cases as case_services


def _case(hall, on=None):
    on = on or local_today()
    c = case_services.register_case(
        hall.a,
        hall.item,
        datetime.combine(on, datetime.min.time()).replace(hour=10),
        "南枝文化传媒有限公司",
        window_id=hall.wa.id,
        handler_staff_id=hall.staff[0].id,
    )
    db.session.commit()
    return c


def test_one_rating_per_case_linked_to_window_and_staff(hall):
    case = _case(hall)
    r = svc.rate_case(hall.a, case, 5, local_today(), efficiency=5, competence=4, attitude=5)
    db.session.commit()
    assert (r.case_id, r.window_id, r.staff_id) == (case.id, hall.wa.id, hall.staff[0].id)
    with pytest.raises(HallError, match="一次一评"):
        svc.rate_case(hall.a, case, 4, local_today())
    with pytest.raises(HallError, match="1 至 5"):
        svc.rate_case(hall.a, _case(hall), 6, local_today())


def test_bad_rating_through_verification_rectification_and_call_back(hall):
    today = local_today()
    r = svc.rate_case(hall.a, _case(hall), 1, today, comment="等了很久没人理")
    db.session.commit()
    with pytest.raises(HallError, match="类别"):
        svc.verify(hall.evaluator, r, "", True, today, r.row_version)
    db.session.rollback()
    svc.verify(hall.evaluator, r, "attitude", True, today, r.row_version, note="调阅监控属实")
    db.session.commit()
    assert r.upheld is True and r.rectify_due_on == add_workdays(today, 15)
    svc.rectify(hall.evaluator, r, today, "窗口人员书面检查，增设引导岗", r.row_version)
    svc.revisit(hall.evaluator, r, today, "电话回访评价人", "satisfied", r.row_version)
    db.session.commit()
    assert (r.rectified_on, r.revisit_answer) == (today, "satisfied")
    good = svc.rate_case(hall.a, _case(hall), 5, today)
    with pytest.raises(HallError, match="差评"):
        svc.verify(hall.evaluator, good, "attitude", True, today, good.row_version)


def test_exclusion_needs_a_kind_and_a_reason(hall):
    today = local_today()
    r = svc.rate_case(hall.a, _case(hall), 2, today)
    db.session.commit()
    with pytest.raises(HallError, match="剔除"):
        svc.verify(hall.evaluator, r, "other", False, today, r.row_version)
    db.session.rollback()
    svc.verify(
        hall.evaluator,
        r,
        "other",
        False,
        today,
        r.row_version,
        note="评价人按错键，当场说明",
        exclusion_kind="mistaken",
    )
    db.session.commit()
    assert (r.upheld, r.excluded_kind) == (False, "mistaken")


def test_appeal_granted_excludes_the_rating(hall):
    today = local_today()
    r = svc.rate_case(hall.a, _case(hall), 1, today)
    svc.verify(hall.evaluator, r, "policy", True, today, r.row_version, note="属政策规定")
    svc.appeal(hall.a, r, "差评针对的是法定收费标准，不是窗口服务", today, r.row_version)
    svc.decide_appeal(hall.evaluator, r, True, "复核成立", today, r.row_version)
    db.session.commit()
    assert (r.upheld, r.excluded_kind, r.rectify_due_on, r.appeal_result) == (False, "mistaken", None, "upheld")
