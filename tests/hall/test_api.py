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
from app.records.models import Rating
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
