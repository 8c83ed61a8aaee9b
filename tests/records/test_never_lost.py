"""Voiding keeps the record and its history; stale edits are refused; item terms keep their dates."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db
from app.records import services
from app.records.models import Case, Complaint
from app.records.services import cases as case_services
from tests.factories import create_case, create_center, put_on_window


@pytest.fixture
def center(users):
    return create_center(users["admin"])


def _complaint(user, center):
    return services.save(
        user,
        Complaint(),
        {"number": "TS-9", "received_on": date(2025, 6, 3), "content": "排队太久", "window_id": center["wa"].id},
    )


def test_void_keeps_the_record_and_its_history(client, auth, users, center):
    c = _complaint(users["admin"], center)
    auth.login(users["evaluator"])
    r = client.post(f"/records/k/complaints/{c.id}/void", data={"reason": "", "row_version": c.row_version})
    assert db.session.get(Complaint, c.id).voided_at is None  # a reason is required
    r = client.post(
        f"/records/k/complaints/{c.id}/void",
        data={"reason": "重复登记", "row_version": c.row_version},
        follow_redirects=True,
    )
    assert "已作废" in r.get_data(as_text=True)
    db.session.expire_all()
    kept = db.session.get(Complaint, c.id)
    assert kept is not None and kept.void_reason == "重复登记"
    assert "TS-9" not in client.get("/records/k/complaints/").get_data(as_text=True)
    assert "TS-9" in client.get("/records/k/complaints/?voided=1").get_data(as_text=True)
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_type == "rec_complaints", AuditEntry.object_id == str(c.id))
    ).all()
    assert actions == ["create", "void"]
    r = client.post(
        f"/records/k/complaints/{c.id}/edit",
        data={
            "number": "TS-9",
            "received_on": "2025-06-03",
            "content": "改",
            "channel": "phone",
            "row_version": kept.row_version,
        },
        follow_redirects=True,
    )
    assert "已作废的记录不能再修改" in r.get_data(as_text=True)


def test_stale_edit_is_refused_with_a_message(client, auth, users, center):
    c = _complaint(users["admin"], center)
    loaded_version = c.row_version
    services.save(users["admin"], c, {"content": "他人先改的内容"}, expected_version=loaded_version)
    auth.login(users["doc_manager"])
    r = client.post(
        f"/records/k/complaints/{c.id}/edit",
        data={
            "number": "TS-9",
            "channel": "phone",
            "received_on": "2025-06-03",
            "content": "我的修改",
            "row_version": loaded_version,
        },
        follow_redirects=True,
    )
    assert "已被他人修改" in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Complaint, c.id).content == "他人先改的内容"


def test_stale_case_step_is_refused(users, center):
    c = create_case(users["admin"], center["committed"], date(2025, 6, 3), accept=False)
    old = c.row_version
    case_services.step(users["admin"], c, "accept", date(2025, 6, 3))
    with pytest.raises(services.StaleEdit):
        case_services.step(users["admin"], c, "supplement", date(2025, 6, 4), expected_version=old)


def test_item_terms_keep_their_dates(users, center):
    item = center["committed"]
    services.revise_item(
        users["admin"],
        item,
        {"handling_class": "committed", "legal_limit_days": 20, "committed_limit_days": 2},
        date(2025, 4, 1),
    )
    march = create_case(users["admin"], item, date(2025, 3, 20), accept=False)
    april = create_case(users["admin"], item, date(2025, 4, 2), accept=False)
    assert (march.limit_days, april.limit_days) == (5, 2)
    with pytest.raises(services.RecordsError):
        services.revise_item(users["admin"], item, {"legal_limit_days": 3, "committed_limit_days": 5}, date(2025, 5, 1))


def test_case_steps_through_the_pages(client, auth, users, center):
    put_on_window(users["admin"], users["window_staff"], center["staff"][0], center["wa"], 2025)
    auth.login(users["window_staff"])
    r = client.post(
        "/records/cases/new",
        data={"item_id": center["committed"].id, "received_at": "2025-06-03T09:15", "applicant": "某餐饮店"},
        follow_redirects=True,
    )
    assert "已收件" in r.get_data(as_text=True)
    c = db.session.scalar(select(Case))
    r = client.post(
        f"/records/cases/{c.id}/step",
        data={"kind": "complete", "on": "2025-06-04", "outcome": "approved", "row_version": c.row_version},
        follow_redirects=True,
    )
    assert "只有已受理的办件可以办结" in r.get_data(as_text=True)
    r = client.post(
        f"/records/cases/{c.id}/step",
        data={"kind": "supplement", "on": "2025-06-04", "row_version": c.row_version},
        follow_redirects=True,
    )
    assert "补正中" in r.get_data(as_text=True) and "计时暂停" in r.get_data(as_text=True)
    # an empty form is re-shown with messages, nothing saved
    r = client.post("/records/cases/new", data={})
    assert r.status_code == 200 and "此项必填" in r.get_data(as_text=True)
    assert len(db.session.scalars(select(Case)).all()) == 1
    # window staff may not void
    assert client.post(f"/records/cases/{c.id}/void", data={"reason": "x"}).status_code == 403


def test_demo_loads_twice_and_links_the_window_accounts(app, users):
    from app.auth import demo as auth_demo
    from app.auth.models import User
    from app.records import demo
    from app.records.models import Staff

    auth_demo.load()
    demo.load()
    n = db.session.scalar(select(db.func.count()).select_from(Case))
    demo.load()
    assert db.session.scalar(select(db.func.count()).select_from(Case)) == n > 2000
    song = db.session.scalar(select(User).filter_by(username="chuangkou"))
    assert db.session.get(Staff, song.staff_id).name == "宋佳禾"
    assert (
        db.session.scalar(select(Case).where(Case.is_open.is_(True), Case.due_on < datetime.now().date())) is not None
    )


def test_overdue_complaint_handling_is_visible(client, auth, users, center):
    services.save(
        users["admin"],
        Complaint(),
        {"number": "TS-OLD", "received_on": date(2025, 6, 3), "content": "久未答复", "window_id": center["wa"].id},
    )
    auth.login(users["auditor"])
    html = client.get("/records/k/complaints/").get_data(as_text=True)
    assert "2025年6月10日" in html  # deadline: 5 working days after 3 June
    assert "办理逾期" in html
