"""The visitor's name and phone on the 首问 pages: shown to the window that owns the matter (and,
while a hand-over waits, the receiving window) and to roles not bound to a window; masked
(闻** / 138****1234) for every other window; an unmasked showing is audited (个人信息保护法)."""

import re

from app.audit.models import AuditEntry
from app.extensions import db
from app.hall.models import FirstContact
from app.hall.services import first_contact as svc

FULL_NAME, PHONE = "闻溪远", "13812341234"
MASKED_NAME, MASKED_PHONE = "闻**", "138****1234"


def _version(html: str) -> str:
    return re.search(r'name="row_version" value="(\d+)"', html).group(1)


def _visitor_cell(client, contact_id) -> str:
    page = client.get(f"/hall/contacts/{contact_id}").get_data(as_text=True)
    return re.search(r'<td id="visitor">(.*?)</td>', page).group(1)


def _list_page(client) -> str:
    return client.get("/hall/contacts/").get_data(as_text=True)


def test_visitor_shown_to_the_owning_window_masked_for_another(hall, client, auth):
    c = svc.record_contact(hall.a, FULL_NAME, "办理食品经营许可", window_id=hall.wa.id, visitor_phone=PHONE)
    db.session.commit()

    auth.login(hall.a)
    assert _visitor_cell(client, c.id) == f"{FULL_NAME} {PHONE}"
    assert FULL_NAME in _list_page(client)
    read = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "pd_read", AuditEntry.object_type == "hall_first_contacts")
    ).all()
    assert [e.object_id for e in read] == [str(c.id)]
    auth.logout()

    auth.login(hall.b)  # another window: masked on the record, in the list and on the hall's front page
    assert _visitor_cell(client, c.id) == f"{MASKED_NAME} {MASKED_PHONE}"
    for page in (_list_page(client), client.get("/hall/").get_data(as_text=True)):
        assert FULL_NAME not in page and PHONE not in page and MASKED_NAME in page
    assert not db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action.like("pd_%"), AuditEntry.user_id == hall.b.id)
    ).all()  # nothing unmasked was shown to B, so nothing is logged
    auth.logout()

    auth.login(hall.evaluator)  # not bound to a window
    assert _visitor_cell(client, c.id) == f"{FULL_NAME} {PHONE}"


def test_the_receiving_window_sees_the_visitor_and_the_window_that_passed_it_on_does_not(hall, client, auth):
    c = svc.record_contact(hall.a, FULL_NAME, "办理食品经营许可", window_id=hall.wa.id, visitor_phone=PHONE)
    db.session.commit()
    auth.login(hall.a)
    page = client.get(f"/hall/contacts/{c.id}").get_data(as_text=True)
    client.post(
        f"/hall/contacts/{c.id}/handover",
        data={"to_window_id": hall.wb.id, "reason": "属食品许可窗口", "row_version": _version(page)},
    )
    assert _visitor_cell(client, c.id) == f"{FULL_NAME} {PHONE}"  # still A's until B confirms
    auth.logout()

    auth.login(hall.b)  # waiting for B's confirmation: B needs to know whom it is taking on
    page = client.get(f"/hall/contacts/{c.id}").get_data(as_text=True)
    assert f"{FULL_NAME} {PHONE}" in page
    client.post(f"/hall/contacts/{c.id}/confirm", data={"row_version": _version(page)})
    assert db.session.get(FirstContact, c.id).window_id == hall.wb.id
    assert _visitor_cell(client, c.id) == f"{FULL_NAME} {PHONE}"
    auth.logout()

    auth.login(hall.a)  # passed on and confirmed: A no longer needs the visitor's data
    assert _visitor_cell(client, c.id) == f"{MASKED_NAME} {MASKED_PHONE}"
