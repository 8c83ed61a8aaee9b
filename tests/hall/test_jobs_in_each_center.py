"""The hall's scheduled jobs run in every center: a job has no user whose center would scope its
reads, so `hall.outbox`, `hall.sweep` and `records.relight` act in each center in turn
(app/jobs/table.py)."""

from datetime import date, datetime

from sqlalchemy import select

from app.centers.context import acting_in, default_center_id
from app.centers.services import create_center as create_center_row
from app.core.timeutil import local_today
from app.core.workdays import add_workdays
from app.extensions import db
from app.hall.models import JointStage, NoticeMessage
from app.hall.services import joint, materials, outbox, supplement
from app.jobs.services.runner import run_due
from app.jobs.table import scheduled_jobs
from app.records.services import cases as case_services
from tests.factories import create_center, create_user


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=9)


def test_the_outbox_and_the_sweep_reach_a_county_below_the_default_center(app):
    county = create_center_row(None, "X", "甲县政务服务中心", "county", default_center_id())
    db.session.commit()
    with acting_in(county.id):
        admin = create_user("admin", "x_admin")
        c = create_center(admin)
        materials.save_list(admin, c["committed"], date(2024, 1, 1), [{"name": "申请书"}, {"name": "营业执照"}])
        case = case_services.register_case(
            admin, c["committed"], _at(local_today()), "甲县申请人", window_id=c["wa"].id
        )
        notice = supplement.issue(admin, case, set(), local_today(), case.row_version)
        outbox.queue(admin, notice, "sms", "13812341234")
        started = add_workdays(local_today(), -10)
        late = case_services.register_case(admin, c["committed"], _at(started), "甲县联办人", window_id=c["wa"].id)
        case_services.step(admin, late, "accept", started)
        joint.make_joint(admin, late, [(c["wb"].id, 2)], started_on=started)
        db.session.commit()

    outcomes = {o.name: o for o in run_due(scheduled_jobs(), only={"hall.outbox", "hall.sweep", "records.relight"})}
    assert "已重新计算 2 件" in outcomes["records.relight"].report  # the county's two open cases
    assert outcomes["hall.outbox"].ok and "发送失败待重试 1 条" in outcomes["hall.outbox"].report
    assert outcomes["hall.sweep"].ok and "登记 1 个" in outcomes["hall.sweep"].report
    assert db.session.scalars(select(NoticeMessage)).all() == []  # the default center sees none of it
    with acting_in(county.id):
        m = db.session.scalars(select(NoticeMessage)).one()
        assert (m.attempts, m.status) == (1, "pending") and "未配置短信网关" in m.last_error
        co = db.session.scalars(select(JointStage).where(JointStage.role == "co")).one()
        assert (co.answer, co.charged) == ("deemed", True)
