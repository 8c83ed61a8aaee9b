"""A hall step that calls the records room's case services is one transaction: when the hall's
own part is refused, the case step it made first is rolled back with it (nothing half-written)."""

import re
from datetime import datetime

from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.core.timeutil import local_today
from app.core.workdays import add_workdays
from app.extensions import db
from app.hall.models import SupplementNotice
from app.records.models import Case, CaseEvent
from app.records.services import cases as case_services


def _case(hall, applicant):
    c = case_services.register_case(
        hall.a,
        hall.item,
        datetime.combine(local_today(), datetime.min.time()).replace(hour=9),
        applicant,
        window_id=hall.wa.id,
    )
    db.session.commit()
    return c


def test_a_refused_supplement_notice_leaves_the_case_clock_running(hall, client, auth):
    today = local_today()
    case = _case(hall, "鹿鸣食品有限公司")
    other = _case(hall, "青禾餐饮店")
    # A notice number already taken (carried over from last year's register, as a concurrent
    # writer would take it): the notice's flush collides after the case step was made.
    db.session.add(
        SupplementNotice(
            number=f"示范服告知〔{today.year}〕1号",
            year=today.year - 1,
            seq=900,
            case_id=other.id,
            window_id=hall.wa.id,
            issued_on=today,
            deadline_on=add_workdays(today, 5),
            missing=[],
            breach_keys=[],
        )
    )
    db.session.commit()
    version = case.row_version
    events = db.session.scalar(select(func.count()).select_from(CaseEvent).where(CaseEvent.case_id == case.id))

    auth.login(hall.a)
    page = client.get(f"/hall/cases/{case.id}").get_data(as_text=True)
    assert re.search(r'name="row_version" value="(\d+)"', page).group(1) == str(version)
    r = client.post(
        f"/hall/cases/{case.id}/supplement",
        data={"present": ["form", "license"], "row_version": version},
        follow_redirects=True,
    )
    assert r.status_code == 200 and "编号已被占用" in r.get_data(as_text=True)

    db.session.expire_all()
    stored = db.session.get(Case, case.id)
    assert stored.stopped_since is None and stored.stop_kind is None and stored.state == "received"
    assert stored.row_version == version
    assert db.session.scalar(select(func.count()).select_from(CaseEvent).where(CaseEvent.case_id == case.id)) == events
    assert (
        db.session.scalar(select(func.count()).select_from(SupplementNotice).where(SupplementNotice.case_id == case.id))
        == 0
    )
    # No step of the case is in the audit trail.
    steps = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.object_type == "rec_cases", AuditEntry.object_id == str(case.id), AuditEntry.action == "update"
        )
    ).all()
    assert steps == [], [s.details for s in steps]
