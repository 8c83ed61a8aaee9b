"""What one rating post by a device costs and whom it touches (issue 15, bench target 1,000 posts
≤ 10 s): the token check and each lookup one statement, a fixed number of statements whatever
the number of cases, the device acting in its own center (a county's device rates the county's
cases), and no kept value thrown away for a rating none of them reads."""

from datetime import date, datetime, timedelta

from app.auth.models import User
from app.centers.context import acting_in, default_center_id
from app.centers.services import create_center as create_center_row
from app.core import cache
from app.core.timeutil import local_today
from app.extensions import db
from app.hall.services import devices, ratings
from app.records.models import Rating, ServiceItem
from app.records.services import cases as case_services
from tests.factories import create_center, create_user, statements


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=9)


def _cases(staff_id: int, item_id: int, window: int, n: int, start: int = 0) -> list[str]:
    """n cases received today at `window` (by ids: a post's new session leaves objects detached)."""
    staff, item = db.session.get(User, staff_id), db.session.get(ServiceItem, item_id)
    numbers = [
        case_services.register_case(staff, item, _at(local_today()), f"申请人{start + i}", window_id=window).number
        for i in range(n)
    ]
    db.session.commit()
    return numbers


def _post(client, token, number, grade=4):
    return client.post("/hall/api/v1/ratings", json={"case_number": number, "grade": grade}, headers=_bearer(token))


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def _posted(client, token, number, grade=4) -> list[str]:
    db.session.remove()  # as a server's request: a new session, nothing loaded
    with statements() as seen:
        response = _post(client, token, number, grade)
    assert response.status_code == 201, response.get_json()
    # PostgreSQL adds what several app servers share: the kept values' stamps read from the
    # database and the audit chain's advisory lock; neither grows with the cases.
    seen = [" ".join(s.split()) for s in seen]
    return [s for s in seen if "FROM cache_stamps" not in s and "pg_advisory_xact_lock" not in s]


# the device by its token; the case with its window; 一次一评; the rating; the audit entry (insert,
# the previous entry's hash, its own hash). The device's last use is written once a minute (an 8th).
RATING_POST_BUDGET = 7


def test_one_rating_post_costs_the_same_statements_whatever_the_number_of_cases(hall, client):
    device, token = devices.register(hall.admin, "6号窗口评价器", "rating", hall.wa.id)
    db.session.commit()
    ids = (hall.a.id, hall.item.id, hall.wa.id)
    few = _cases(*ids, 3)
    first = _posted(client, token, few[0])  # the device's first call also writes its last use
    assert len(first) == RATING_POST_BUDGET + 1 and any(s.startswith("UPDATE hall_devices") for s in first)
    small = _posted(client, token, few[1])
    many = _cases(*ids, 60, start=10)
    large = _posted(client, token, many[-1])
    assert len(small) == len(large) == RATING_POST_BUDGET, "\n".join(large)
    device_reads = [s for s in large if "FROM hall_devices" in s]
    assert len(device_reads) == 1  # the token check is one statement
    assert sum("FROM rec_cases" in s for s in large) == 1  # the case with its window: one statement
    assert db.session.scalar(db.select(db.func.count(Rating.id))) == 3


def test_a_countys_device_rates_the_countys_cases_and_its_calls_are_the_countys(app, client):
    county = create_center_row(None, "X", "甲县政务服务中心", "county", default_center_id())
    db.session.commit()
    with acting_in(county.id):
        admin = create_user("admin", "x_admin")
        c = create_center(admin)
        device, token = devices.register(admin, "甲县6号窗口评价器", "rating", c["wa"].id)
        db.session.commit()
        number = _cases(admin.id, c["committed"].id, c["wa"].id, 1)[0]
    response = _post(client, token, number, grade=5)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["case_number"] == number
    with acting_in(county.id):
        r = db.session.scalars(db.select(Rating)).one()
        assert (r.center_id, r.device_id, r.grade) == (county.id, device.id, 5)
    # a refused call of the county's device is the county's too
    assert _post(client, token, number).status_code == 409
    from app.audit.models import AuditEntry

    refused = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "api_refused").execution_options(all_centers=True)
    ).one()
    assert refused.center_id == county.id


def test_the_default_centers_device_does_not_reach_a_countys_case(app, hall, client):
    county = create_center_row(None, "X", "甲县政务服务中心", "county", default_center_id())
    db.session.commit()
    with acting_in(county.id):
        admin = create_user("admin", "x_admin")
        c = create_center(admin)
        number = _cases(admin.id, c["committed"].id, c["wa"].id, 1)[0]
    device, token = devices.register(hall.admin, "6号窗口评价器", "rating", hall.wa.id)
    db.session.commit()
    response = _post(client, token, number)
    assert response.status_code == 404 and "不存在" in response.get_json()["error"]


def test_a_posted_rating_keeps_the_home_lists_and_an_upheld_one_moves_them(app, hall, client, auth):
    """A device's post (one 一次一评 insert) throws away no kept value: no list reads a rating that
    is not upheld (app/main/wiring.py); the 差评 upheld later moves the lists, so the home page shows
    its late rectification at once."""
    device, token = devices.register(hall.admin, "6号窗口评价器", "rating", hall.wa.id)
    db.session.commit()
    ids = (hall.a.id, hall.item.id, hall.wa.id)
    admin_id = hall.admin.id
    number = _cases(*ids, 1)[0]
    auth.login(hall.admin)
    assert "差评整改已逾期" not in client.get("/").get_data(as_text=True)
    store = cache._store(app)
    before = dict(store.snapshot())
    assert _post(client, token, number, grade=1).status_code == 201
    assert store.snapshot() == before  # no stamp written
    db.session.remove()
    r = db.session.scalars(db.select(Rating)).one()
    admin = db.session.get(User, admin_id)
    ratings.verify(admin, r, "attitude", True, local_today() - timedelta(days=40), r.row_version, note="态度生硬")
    db.session.commit()
    assert store.snapshot() != before
    assert "1 条差评整改已逾期" in client.get("/").get_data(as_text=True)
