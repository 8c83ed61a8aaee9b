"""Complaint numbers are issued, not typed (issue 14, also found): a new complaint without a number
gets the next TS<year>-NNNNN, the format the hall's complaint procedure issues."""

from datetime import date

from app.extensions import db
from app.records import services
from app.records.models import Complaint
from tests.factories import create_center


def test_a_new_complaint_gets_the_next_issued_number(client, auth, users):
    center = create_center(users["admin"])
    first = services.save(
        users["admin"],
        Complaint(),
        {"number": "", "received_on": date(2026, 11, 3), "content": "窗口推诿", "window_id": center["wa"].id},
    )
    db.session.commit()
    assert first.number == "TS2026-00001"
    auth.login(users["admin"])
    r = client.post(
        "/records/k/complaints/new",
        data={"number": "", "channel": "phone", "received_on": "2026-11-04", "content": "等候太久"},
    )
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    numbers = db.session.scalars(db.select(Complaint.number).order_by(Complaint.id)).all()
    assert numbers == ["TS2026-00001", "TS2026-00002"]
    typed = services.save(
        users["admin"], Complaint(), {"number": "信访-17", "received_on": date(2026, 11, 5), "content": "转来的信访件"}
    )
    assert typed.number == "信访-17"  # a number given by another office is kept


def test_demo_complaints_carry_the_issued_format_and_the_service_continues_them(app, users):
    """The demo loader once typed TS202606038 beside the service's TS2026-00004: one format now."""
    import re

    from app.auth import demo as auth_demo
    from app.records import demo

    auth_demo.load()
    demo.load()
    db.session.commit()
    rows = db.session.execute(db.select(Complaint.number, Complaint.received_on)).all()
    assert len(rows) >= 40
    assert all(re.fullmatch(r"TS\d{4}-\d{5}", number) for number, _ in rows), rows
    assert all(number.startswith(f"TS{received.year}-") for number, received in rows)
    year = max(received.year for _, received in rows)
    highest = max(number for number, received in rows if received.year == year)
    new = services.save(
        users["admin"], Complaint(), {"number": "", "received_on": date(year, 12, 1), "content": "测试"}
    )
    assert new.number == f"TS{year}-{int(highest[-5:]) + 1:05d}"
