"""Issue 11 item 3: record and case forms posted without row_version are refused, nothing saved."""

from datetime import date

import pytest

from app.extensions import db
from app.records import services
from app.records.models import Case, Complaint
from app.records.services import cases as case_services
from tests.factories import create_case, create_center


@pytest.fixture
def center(users):
    return create_center(users["admin"])


def test_record_edit_without_version_is_refused(client, auth, users, center):
    c = services.save(
        users["admin"],
        Complaint(),
        {"number": "TS-1", "received_on": date(2025, 6, 3), "content": "原内容", "window_id": center["wa"].id},
    )
    auth.login(users["doc_manager"])
    r = client.post(
        f"/records/k/complaints/{c.id}/edit",
        data={
            "number": "TS-1",
            "channel": "phone",
            "received_on": "2025-06-03",
            "content": "无版本的修改",
            "complainant": "匿名",
        },
        follow_redirects=True,
    )
    assert "缺少版本信息" in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Complaint, c.id).content == "原内容"


def test_void_without_version_is_refused(client, auth, users, center):
    c = services.save(
        users["admin"],
        Complaint(),
        {"number": "TS-2", "received_on": date(2025, 6, 3), "content": "原内容", "window_id": center["wa"].id},
    )
    auth.login(users["evaluator"])
    client.post(f"/records/k/complaints/{c.id}/void", data={"reason": "重复登记"}, follow_redirects=True)
    db.session.expire_all()
    assert db.session.get(Complaint, c.id).voided_at is None


def test_case_step_without_version_is_refused(users, center):
    c = create_case(users["admin"], center["committed"], date(2025, 6, 3), accept=False)
    with pytest.raises(services.StaleEdit, match="缺少版本信息"):
        case_services.step(users["admin"], c, "accept", date(2025, 6, 3), expected_version=None)
    with pytest.raises(services.StaleEdit, match="缺少版本信息"):
        case_services.step(users["admin"], c, "accept", date(2025, 6, 3), expected_version="")
    db.session.expire_all()
    assert db.session.get(Case, c.id).state == "received"
