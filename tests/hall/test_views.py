"""The hall's pages through the test client: the 首问 path to a 补正 notice, every page with data."""

import io
import re
from datetime import datetime

from docx import Document

from app.core.timeutil import local_today
from app.core.workdays import add_workdays
from app.extensions import db
from app.hall.models import FirstContact, SupplementNotice
from app.hall.services import complaints, joint, ratings
from app.records.models import Case
from app.records.services import cases as case_services


def _version(html: str) -> str:
    return re.search(r'name="row_version" value="(\d+)"', html).group(1)


def test_first_contact_to_case_to_notice_through_the_pages(hall, client, auth):
    auth.login(hall.a)
    r = client.post("/hall/contacts/new", data={"visitor": "闻溪", "matter": "办理食品经营许可"}, follow_redirects=True)
    assert "已登记首问" in r.get_data(as_text=True)
    c = db.session.scalars(db.select(FirstContact)).one()
    page = client.get(f"/hall/contacts/{c.id}").get_data(as_text=True)
    client.post(
        f"/hall/contacts/{c.id}/handover",
        data={"to_window_id": hall.wb.id, "reason": "属食品许可窗口", "row_version": _version(page)},
    )
    auth.logout()
    auth.login(hall.b)
    home = client.get("/").get_data(as_text=True)
    assert f"首问转交待您窗口确认：{c.number}" in home
    page = client.get(f"/hall/contacts/{c.id}").get_data(as_text=True)
    assert "确认接收" in page
    client.post(f"/hall/contacts/{c.id}/confirm", data={"row_version": _version(page)})
    page = client.get(f"/hall/contacts/{c.id}").get_data(as_text=True)
    r = client.post(f"/hall/contacts/{c.id}/case", data={"item_id": hall.item.id, "row_version": _version(page)})
    case = db.session.scalars(db.select(Case)).one()
    assert r.headers["Location"].endswith(f"/hall/cases/{case.id}") and case.window_id == hall.wb.id
    page = client.get(f"/hall/cases/{case.id}").get_data(as_text=True)
    assert "营业执照" in page and c.number in page
    r = client.post(
        f"/hall/cases/{case.id}/supplement",
        data={"present": ["form", "license"], "row_version": _version(page)},
        follow_redirects=True,
    )
    assert "已出具一次性告知书" in r.get_data(as_text=True)
    n = db.session.scalars(db.select(SupplementNotice)).one()
    doc = client.get(f"/hall/notices/{n.id}.docx")
    assert doc.status_code == 200
    cells = [c.text for t in Document(io.BytesIO(doc.data)).tables for row in t.rows for c in row.cells]
    assert "经营场所平面图" in cells and "营业执照" not in cells


def test_window_staff_cannot_confirm_for_another_window(hall, client, auth):
    auth.login(hall.a)
    client.post("/hall/contacts/new", data={"visitor": "闻溪", "matter": "咨询"})
    c = db.session.scalars(db.select(FirstContact)).one()
    client.post(
        f"/hall/contacts/{c.id}/handover", data={"to_window_id": hall.wb.id, "reason": "属食品许可", "row_version": 1}
    )
    r = client.post(f"/hall/contacts/{c.id}/confirm", data={"row_version": 2}, follow_redirects=True)
    assert "本窗口" in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(FirstContact, c.id).window_id == hall.wa.id


def test_every_page_renders_with_records(hall, client, auth):
    today = local_today()
    start = add_workdays(today, -6)
    case = case_services.register_case(
        hall.a,
        hall.item,
        datetime.combine(start, datetime.min.time()).replace(hour=9),
        "禾木科技",
        window_id=hall.wa.id,
    )
    case_services.step(hall.a, case, "accept", start)
    joint.make_joint(hall.a, case, [(hall.wb.id, 3)], started_on=start)
    comp = complaints.register(
        hall.evaluator, today, "phone", "陆野", "", "态度生硬", window_id=hall.wa.id, investigator_id=hall.evaluator.id
    )
    done = case_services.register_case(
        hall.a,
        hall.item,
        datetime.combine(start, datetime.min.time()).replace(hour=10),
        "岚山商贸",
        window_id=hall.wa.id,
    )
    case_services.step(hall.a, done, "accept", start)
    case_services.step(hall.a, done, "complete", today, outcome="approved")
    bad = ratings.rate_case(hall.a, done, 1, today, comment="等太久")
    db.session.commit()
    auth.login(hall.admin)
    for url in [
        "/hall/",
        "/hall/contacts/",
        "/hall/materials/",
        f"/hall/materials/{hall.item.id}",
        f"/hall/cases/{case.id}",
        "/hall/lights",
        "/hall/complaints/",
        f"/hall/complaints/{comp.id}",
        "/hall/complaints/month",
        "/hall/ratings/",
        f"/hall/ratings/{bad.id}",
        "/",
    ]:
        r = client.get(url)
        assert r.status_code == 200, url
    lights = client.get("/hall/lights").get_data(as_text=True)
    assert "超时默许" in lights and hall.wb.label in lights
    assert "待核实" in client.get("/hall/ratings/").get_data(as_text=True)
    from openpyxl import load_workbook

    xlsx = client.get(f"/hall/ratings/indicators.xlsx?month={today:%Y-%m}")
    rows = list(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    assert rows[2][0] == hall.wa.label and rows[2][1] == 1 and rows[2][7] == 1  # one rating, one 差评
    assert comp.number in client.get("/").get_data(as_text=True)


def test_a_refused_first_contact_shows_the_form_again_with_what_was_typed(hall, client, auth):
    auth.login(hall.a)
    r = client.post(
        "/hall/contacts/new",
        data={"visitor": "闻溪", "matter": "  ", "visitor_phone": "13812341234"},
        headers={"Referer": "/hall/contacts/"},
        follow_redirects=True,
    )
    page = r.get_data(as_text=True)
    assert "请填写来访人和所办事项" in page
    assert 'value="闻溪"' in page and 'value="13812341234"' in page
    assert db.session.scalar(db.select(db.func.count(FirstContact.id))) == 0
    assert 'value="闻溪"' not in client.get("/hall/contacts/").get_data(as_text=True)  # shown once
