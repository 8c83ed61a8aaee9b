"""The hall devices' API over real HTTP (urllib against the live server): tokens, window scope,
one rating per case, tickets becoming 首问 records, revocation, JSON errors, every call audited."""

import json
import urllib.error
import urllib.request
from datetime import datetime

import pytest

from app.audit.models import AuditEntry
from app.core.timeutil import local_today
from app.extensions import db
from app.hall.models import FirstContact
from app.hall.services import devices
from app.records.models import Case, Rating
from app.records.services import cases as case_services


def call(base, path, body=None, token=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(
        base + "/hall/api/v1" + path,
        data=data,
        method="POST" if data is not None else "GET",
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


@pytest.fixture
def api(hall, live_server):
    rater, rater_token = devices.register(hall.admin, "6号窗口评价器", "rating", hall.wa.id)
    queue, queue_token = devices.register(hall.admin, "叫号机", "queue", hall.wb.id)
    db.session.commit()
    case = case_services.register_case(
        hall.a,
        hall.item,
        datetime.combine(local_today(), datetime.min.time()).replace(hour=9),
        "溪山茶社",
        window_id=hall.wa.id,
    )
    other = case_services.register_case(
        hall.b,
        hall.item,
        datetime.combine(local_today(), datetime.min.time()).replace(hour=9),
        "松间书屋",
        window_id=hall.wb.id,
    )
    db.session.commit()
    return {
        "base": live_server,
        "rater": rater,
        "qt_device": queue,
        "rt": rater_token,
        "qt": queue_token,
        "case": case,
        "other": other,
    }


def test_rating_device_posts_one_rating_for_its_windows_case(api, hall):
    base = api["base"]
    status, body = call(base, "/ratings", {"case_number": api["case"].number, "grade": 4, "attitude": 5}, api["rt"])
    assert status == 201 and body["grade"] == 4
    r = db.session.scalars(db.select(Rating)).one()
    assert (r.case_id, r.window_id, r.device_id, r.attitude) == (api["case"].id, hall.wa.id, api["rater"].id, 5)
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.object_type == "rec_ratings")).one()
    assert json.loads(entry.details)["device_id"] == api["rater"].id
    status, body = call(base, "/ratings", {"case_number": api["case"].number, "grade": 5}, api["rt"])
    assert status == 409 and "一次一评" in body["error"]
    status, body = call(base, "/ratings", {"case_number": api["other"].number, "grade": 5}, api["rt"])
    assert status == 422 and "不属于本评价器" in body["error"]
    status, body = call(base, "/ratings", {"case_number": "BJ000", "grade": 5}, api["rt"])
    assert status == 404 and "不存在" in body["error"]
    for bad in (
        {"case_number": api["case"].number, "grade": 6},
        {"case_number": api["case"].number, "grade": True},
        {"grade": 3},
        [1, 2],
    ):
        status, body = call(base, "/ratings", bad, api["rt"])
        assert status == 400 and body["error"]
    status, body = call(base, "/ratings", raw=b"{not json", token=api["rt"])
    assert status == 400


def test_tokens_are_required_scoped_to_the_kind_and_revocable(api, hall):
    base = api["base"]
    assert call(base, "/ratings", {"case_number": api["case"].number, "grade": 5})[0] == 401
    assert call(base, "/ratings", {"case_number": api["case"].number, "grade": 5}, "hm_wrong")[0] == 401
    status, body = call(base, "/ratings", {"case_number": api["case"].number, "grade": 5}, api["qt"])
    assert status == 403 and "排队叫号机" in body["error"]
    rater = db.session.get(type(api["rater"]), api["rater"].id)
    devices.revoke(hall.admin, rater, "设备更换", rater.row_version)
    db.session.commit()
    status, body = call(base, "/ratings", {"case_number": api["case"].number, "grade": 5}, api["rt"])
    assert status == 401 and "停用" in body["error"]
    db.session.expire_all()
    refused = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "api_refused")).all()
    assert len(refused) == 4 and all(e.object_type == "hall_devices" for e in refused)


def test_queue_ticket_becomes_a_first_contact_of_the_devices_window(api, hall):
    status, body = call(
        api["base"], "/tickets", {"ticket": "A023", "visitor": "蓝田", "matter": "办理食品经营许可"}, api["qt"]
    )
    assert status == 201 and body["first_contact"].startswith("SW")
    c = db.session.scalars(db.select(FirstContact)).one()
    assert (c.window_id, c.source, c.ticket) == (hall.wb.id, "queue", "A023")
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.object_type == "hall_first_contacts")).one()
    assert json.loads(entry.details)["device_id"] == api["qt_device"].id and entry.user_id is None


def test_openapi_description_is_served(api):
    status, spec = call(api["base"], "/openapi.json")
    assert status == 200 and spec["openapi"].startswith("3.") and set(spec["paths"]) == {"/ratings", "/tickets"}


def test_ticket_for_a_service_item_is_made_a_case_of_it_by_the_calling_window(api, hall, client, auth):
    status, body = call(
        api["base"],
        "/tickets",
        {"ticket": "B007", "visitor": "竹溪", "matter": "食品经营许可", "item_code": hall.item.code},
        api["qt"],
    )
    assert status == 201 and body["item_code"] == hall.item.code
    assert (
        call(
            api["base"],
            "/tickets",
            {"ticket": "B008", "visitor": "竹溪", "matter": "x", "item_code": "SX-404"},
            api["qt"],
        )[0]
        == 404
    )
    c = db.session.scalars(db.select(FirstContact)).one()
    assert c.item_id == hall.item.id and c.window_id == hall.wb.id
    auth.login(hall.b)
    page = client.get(f"/hall/contacts/{c.id}").get_data(as_text=True)
    assert f'value="{hall.item.id}" selected' in page
    r = client.post(f"/hall/contacts/{c.id}/case", data={"item_id": hall.item.id, "row_version": c.row_version})
    assert r.status_code == 302 and "/hall/cases/" in r.headers["Location"]


def test_a_nul_character_is_a_clear_refusal_not_a_500(api):
    """Found by the fuzz test in the PostgreSQL pass: PostgreSQL stores no NUL in text."""
    status, body = call(api["base"], "/tickets", {"ticket": "0", "visitor": "\x00", "matter": "0"}, api["qt"])
    assert status == 400 and "NUL" in body["error"]
    assert db.session.scalar(db.select(db.func.count(FirstContact.id))) == 0


def test_ticket_with_register_case_becomes_a_case_of_the_devices_window(api, hall):
    """排队叫号 → 办件: the ticket is received as a case of the item at the queue device's window,
    its 首问 record links to the case; the case's and the record's audit entries name the device."""
    body = {"ticket": "C011", "visitor": "竹溪", "matter": "食品经营许可", "visitor_phone": "13900001111"}
    status, answer = call(api["base"], "/tickets", {**body, "register_case": True}, api["qt"])
    assert status == 400 and "item_code" in answer["error"]  # which item is to be received?
    status, answer = call(
        api["base"], "/tickets", {**body, "register_case": "yes", "item_code": hall.item.code}, api["qt"]
    )
    assert status == 400 and "register_case" in answer["error"]
    assert db.session.scalar(db.select(db.func.count(FirstContact.id))) == 0

    status, answer = call(
        api["base"], "/tickets", {**body, "register_case": True, "item_code": hall.item.code}, api["qt"]
    )
    assert status == 201 and answer["case_number"]
    db.session.expire_all()
    c = db.session.scalars(db.select(FirstContact)).one()
    case = db.session.scalars(db.select(Case).where(Case.number == answer["case_number"])).one()
    assert (c.case_id, c.status, c.source, c.ticket) == (case.id, "cased", "queue", "C011")
    assert (case.window_id, case.item_id, case.applicant, case.applicant_phone) == (
        hall.wb.id,
        hall.item.id,
        "竹溪",
        "13900001111",
    )
    assert case.is_open and case.due_on is not None and case.created_by_id is None
    created = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.object_type == "rec_cases", AuditEntry.object_id == str(case.id))
    ).one()
    assert json.loads(created.details)["device_id"] == api["qt_device"].id and created.user_id is None
    step = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.object_type == "hall_first_contacts", AuditEntry.action == "update")
    ).one()
    assert json.loads(step.details)["case"] == case.number


def test_a_ticket_whose_case_is_refused_leaves_no_first_contact(api, hall):
    """The 首问 record and the case are one transaction: an item without terms in force refuses the
    case (422, Chinese), and the record made just before is rolled back with it."""
    from app.records.models import ServiceItem

    bare = ServiceItem(code="SX-NOTERMS", name="无时限事项", department_id=hall.dept.id, window_id=hall.wb.id)
    db.session.add(bare)
    db.session.commit()
    status, answer = call(
        api["base"],
        "/tickets",
        {"ticket": "C012", "visitor": "竹溪", "matter": "x", "register_case": True, "item_code": "SX-NOTERMS"},
        api["qt"],
    )
    assert status == 422 and "时限" in answer["error"]
    assert db.session.scalar(db.select(db.func.count(FirstContact.id))) == 0
