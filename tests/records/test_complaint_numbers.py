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
