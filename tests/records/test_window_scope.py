"""Window staff enter and handle only their own window's cases; the other case roles handle all."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.core.timeutil import local_today
from app.extensions import db
from app.records import services
from app.records.models import Case
from app.records.services import cases as case_services
from app.records.services.case_access import NOT_LINKED, can_handle_case
from tests.factories import create_case, create_center, put_on_window


@pytest.fixture
def center(users):
    return create_center(users["admin"])


@pytest.fixture
def clerk(users, center):
    """window_staff, serving window 6 (wa) in 2025 and this year."""
    return put_on_window(
        users["admin"], users["window_staff"], center["staff"][0], center["wa"], *sorted({2025, local_today().year})
    )


def _denials():
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "denied", AuditEntry.object_type == "rec_cases")
    ).all()


def _post_case(client, center, window):
    return client.post(
        "/records/cases/new",
        data={
            "item_id": center["committed"].id,
            "window_id": window.id,
            "received_at": "2025-06-03T09:15",
            "applicant": "某餐饮店",
        },
        follow_redirects=True,
    )


def test_own_window_case_is_entered_through_the_page(client, auth, clerk, center):
    auth.login(clerk)
    html = _post_case(client, center, center["wa"]).get_data(as_text=True)
    assert "已收件" in html
    assert db.session.scalar(select(Case)).window_id == center["wa"].id
    assert _denials() == []


def test_other_window_case_is_refused_with_the_reason_and_not_saved(client, auth, clerk, center):
    auth.login(clerk)
    html = _post_case(client, center, center["wb"]).get_data(as_text=True)
    assert f"您只能登记和办理本窗口（{center['wa'].label}）的办件" in html
    assert db.session.scalar(select(db.func.count()).select_from(Case)) == 0
    [entry] = _denials()
    assert entry.username == clerk.username and '"action":"receive"' in entry.details.replace(" ", "")


def test_the_service_itself_refuses_another_window(clerk, center):
    with pytest.raises(services.RecordsError, match="只能登记和办理本窗口"):
        case_services.register_case(
            clerk, center["committed"], datetime(2025, 6, 3, 9), "甲", window_id=center["wb"].id
        )
    assert db.session.scalar(select(db.func.count()).select_from(Case)) == 0


def test_stepping_another_windows_case_is_refused(client, auth, users, clerk, center):
    c = create_case(users["admin"], center["committed"], date(2025, 6, 3), window=center["wb"], accept=False)
    auth.login(clerk)
    html = client.get(f"/records/cases/{c.id}").get_data(as_text=True)
    assert "登记办理步骤" not in html  # readable, but no step form
    html = client.post(
        f"/records/cases/{c.id}/step",
        data={"kind": "accept", "on": "2025-06-04", "row_version": c.row_version},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "只能登记和办理本窗口" in html
    db.session.expire_all()
    c = db.session.get(Case, c.id)
    assert c.state == "received" and [e.kind for e in c.events] == ["receive"]
    assert len(_denials()) == 1 and _denials()[0].object_id == str(c.id)
    # and its own window's case: the form is there and the step goes through
    own = create_case(users["admin"], center["committed"], date(2025, 6, 3), window=center["wa"], accept=False)
    assert "登记办理步骤" in client.get(f"/records/cases/{own.id}").get_data(as_text=True)
    case_services.step(clerk, own, "accept", date(2025, 6, 4))
    assert own.state == "accepted"


def test_the_roster_on_the_date_decides(users, clerk, center):
    """Serving window 6 in 2025 says nothing about 2024."""
    with pytest.raises(services.RecordsError, match="2024年3月4日不在任何窗口的人员名单中"):
        case_services.register_case(
            clerk, center["committed"], datetime(2024, 3, 4, 9), "乙", window_id=center["wa"].id
        )
    assert can_handle_case(clerk, center["wa"].id, date(2025, 6, 3))
    assert not can_handle_case(clerk, center["wa"].id, date(2024, 3, 4))
    assert not can_handle_case(clerk, center["wb"].id, date(2025, 6, 3))


def test_unlinked_window_staff_is_refused(client, auth, users, center):
    auth.login(users["window_staff"])  # no staff_id
    html = client.get("/records/cases/new").get_data(as_text=True)
    assert NOT_LINKED in html
    html = _post_case(client, center, center["wa"]).get_data(as_text=True)
    assert NOT_LINKED in html
    assert db.session.scalar(select(db.func.count()).select_from(Case)) == 0
    assert len(_denials()) == 1
    assert "收件登记</a>" not in client.get("/records/cases/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["evaluator", "doc_manager"])
def test_other_case_roles_handle_every_window(client, auth, users, center, role):
    auth.login(users[role])
    for window in (center["wa"], center["wb"]):
        assert "已收件" in _post_case(client, center, window).get_data(as_text=True)
    cases = db.session.scalars(select(Case).order_by(Case.id)).all()
    assert [c.window_id for c in cases] == [center["wa"].id, center["wb"].id]
    for c in cases:
        assert "登记办理步骤" in client.get(f"/records/cases/{c.id}").get_data(as_text=True)
        case_services.step(users[role], c, "accept", date(2025, 6, 4))
    assert _denials() == []


def test_correcting_a_case_follows_the_same_rule(users, clerk, center):
    c = create_case(users["admin"], center["committed"], date(2025, 6, 3), window=center["wb"], accept=False)
    with pytest.raises(services.RecordsError, match="只能登记和办理本窗口"):
        services.save(clerk, c, {"applicant": "改名"}, permission="records.cases")
    db.session.expire_all()
    assert db.session.get(Case, c.id).applicant == "申请人"


def test_the_entry_form_offers_only_the_own_window(client, auth, clerk, users, center):
    auth.login(clerk)
    html = client.get("/records/cases/new").get_data(as_text=True)
    assert f'<option selected value="{center["wa"].id}">' in html or f'value="{center["wa"].id}" selected' in html
    assert center["wb"].label not in html and center["wc"].label not in html
    auth.logout()
    auth.login(users["evaluator"])
    html = client.get("/records/cases/new").get_data(as_text=True)
    assert center["wa"].label in html and center["wb"].label in html


def test_the_entry_form_offers_only_the_own_windows_items(client, auth, clerk, users, center):
    from app.extensions import db
    from app.records import services
    from app.records.models import ServiceItem

    other = services.create_item(
        users["admin"],
        ServiceItem(code="SX-009", name="食品生产许可", department_id=center["dept"].id, window_id=center["wb"].id),
        {"handling_class": "committed", "legal_limit_days": 20, "committed_limit_days": 10},
        center["committed"].revisions[0].valid_from,
    )
    db.session.commit()
    auth.login(clerk)
    html = client.get("/records/cases/new").get_data(as_text=True)
    assert "食品经营许可" in html and "营业执照补照" in html
    assert other.name not in html
    auth.logout()
    auth.login(users["evaluator"])
    assert other.name in client.get("/records/cases/new").get_data(as_text=True)
