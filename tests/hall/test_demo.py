"""The demo center's hall: each procedure has records, loaded through the services, once."""

import pytest
from sqlalchemy import func, select

from app.auth import demo as auth_demo
from app.extensions import db
from app.hall import demo
from app.hall.models import (
    Accountability,
    ComplaintStep,
    Device,
    FirstContact,
    JointStage,
    MaterialList,
    NoticeMessage,
    QuarterReview,
    SupplementNotice,
)
from app.records import demo as records_demo
from app.records.models import Complaint, Rating


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.slow  # over 10 s on the shared 2-core machine
def test_demo_shows_every_procedure_and_loads_once(app):
    auth_demo.load()
    records_demo.load()
    complaints_before = _count(Complaint)
    demo.load()
    db.session.commit()
    contacts = _count(FirstContact)
    demo.load()
    assert _count(FirstContact) == contacts >= 10
    assert _count(FirstContact, FirstContact.status == "handed") == 1
    assert _count(FirstContact, FirstContact.shirked_on.is_not(None)) == 1
    assert _count(MaterialList) >= 20
    assert _count(SupplementNotice) == 4
    assert len([n for n in db.session.scalars(select(SupplementNotice)) if n.breach_keys]) == 1
    assert _count(JointStage, JointStage.answer == "deemed") == 1
    assert _count(JointStage, JointStage.is_open.is_(True), JointStage.role == "co") == 2
    steps = dict(db.session.execute(select(ComplaintStep.step, func.count()).group_by(ComplaintStep.step)).all())
    assert steps == {"accept": 5, "investigate": 4, "handle": 3, "feedback": 2, "archive": 1}
    assert _count(Accountability) >= 1
    # six complaints through the procedure; every number (records demo's too) in the issued format
    assert _count(Complaint) - complaints_before == 6
    assert _count(Complaint, Complaint.number.like("TS____-_____")) == _count(Complaint)
    assert _count(Rating, Rating.revisited_on.is_not(None)) == 2
    assert _count(Rating, Rating.excluded_kind.is_not(None)) == 1
    assert _count(Rating, Rating.appeal_on.is_not(None)) == 1
    assert _count(Device) == 2
    sent = dict(db.session.execute(select(NoticeMessage.channel, NoticeMessage.status)).all())
    assert sent == {"email": "failed", "sms": "pending"}  # no mail server / SMS gateway in the demo
    review = db.session.scalars(select(QuarterReview)).one()
    assert review.status == "publicity" and len(review.results["rows"]) >= 12
    assert len([r for r in review.results["rows"] if r["supervisors"] is not None]) == 12


def test_demo_pages_render(app, client):
    auth_demo.load()
    records_demo.load()
    demo.load()
    db.session.commit()
    client.post("/login", data={"username": "chuangkou2", "password": auth_demo.DEMO_PASSWORD})
    home = client.get("/").get_data(as_text=True)
    assert "首问转交待您窗口确认" in home
    for url in [
        "/hall/",
        "/hall/lights",
        "/hall/complaints/",
        "/hall/ratings/",
        "/hall/materials/",
        "/hall/complaints/month",
        "/hall/quarters/",
        f"/hall/quarters/{db.session.scalars(select(QuarterReview)).one().id}",
        f"/hall/quarters/{db.session.scalars(select(QuarterReview)).one().id}.docx",
    ]:
        assert client.get(url).status_code == 200, url
