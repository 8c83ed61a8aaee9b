"""首问负责 against a real database: record, hand over, confirm, 推诿, answer, turn into a case."""

import pytest

from app.extensions import db
from app.hall.logic import first_contact as rules
from app.hall.models import FirstContact
from app.hall.services import first_contact as svc
from app.hall.services.common import HallError
from app.kernel import StaleEdit
from app.records.models import Case


def _contact(hall, user=None):
    c = svc.record_contact(user or hall.a, "柏清和", "咨询食品经营许可需要带哪些材料")
    db.session.commit()
    return c


def test_record_takes_the_staff_members_own_window_and_issues_a_number(hall):
    c = _contact(hall)
    assert c.window_id == hall.wa.id == c.first_window_id
    assert c.first_staff_id == hall.a.staff_id
    assert c.number.startswith("SW") and c.number.endswith("0001")
    assert c.status == rules.OPEN
    second = _contact(hall)
    assert second.number.endswith("0002")


def test_record_refuses_an_empty_matter_and_another_window(hall):
    with pytest.raises(HallError):
        svc.record_contact(hall.a, "柏清和", " ")
    db.session.rollback()
    with pytest.raises(HallError, match="本窗口"):
        svc.record_contact(hall.a, "柏清和", "问路", window_id=hall.wb.id)


def test_hand_over_waits_for_the_receiving_window_and_only_it_confirms(hall):
    c = _contact(hall)
    svc.hand_over(hall.a, c, hall.wb.id, "属于食品许可窗口", c.row_version)
    db.session.commit()
    assert c.status == rules.HANDED and c.window_id == hall.wa.id
    assert svc.pending_handover(c).to_window_id == hall.wb.id
    with pytest.raises(HallError):  # the handing window cannot confirm for the receiver
        svc.confirm(hall.a, c, c.row_version)
    db.session.rollback()
    c = db.session.get(FirstContact, c.id)
    svc.confirm(hall.b, c, c.row_version)
    db.session.commit()
    assert c.status == rules.OPEN and c.window_id == hall.wb.id
    assert c.transfers[0].confirmed_by_id == hall.b.id and c.shirked_on is None


def test_a_stale_form_cannot_hand_over(hall):
    c = _contact(hall)
    with pytest.raises(StaleEdit):
        svc.hand_over(hall.a, c, hall.wb.id, "原因", c.row_version - 1)


def test_second_hand_over_without_an_answer_is_flagged_as_shirking_on_the_second_window(hall):
    c = _contact(hall)
    svc.hand_over(hall.a, c, hall.wb.id, "属于食品许可窗口", c.row_version)
    svc.confirm(hall.b, c, c.row_version)
    db.session.commit()
    svc.hand_over(hall.b, c, hall.wa.id, "还是属于企业登记", c.row_version)
    db.session.commit()
    assert c.handovers == 2
    assert c.shirked_on is not None and c.shirk_window_id == hall.wb.id


def test_the_owner_turns_the_matter_into_a_case_linked_to_the_contact(hall):
    c = _contact(hall)
    case = svc.to_case(hall.a, c, hall.item, c.row_version)
    db.session.commit()
    assert c.status == rules.CASED and c.case_id == case.id
    assert db.session.get(Case, case.id).window_id == hall.wa.id
    assert c.number in case.note
    with pytest.raises(HallError, match="已办结"):
        svc.answer(hall.a, c, "再答复", c.row_version)


def test_answer_ends_the_matter(hall):
    c = _contact(hall)
    svc.answer(hall.a, c, "已告知需带营业执照和申请书", c.row_version)
    db.session.commit()
    assert c.status == rules.ANSWERED and c.answered_on is not None


def test_a_second_hand_over_can_be_confirmed_in_the_same_transaction(hall):
    c = _contact(hall)
    svc.hand_over(hall.a, c, hall.wb.id, "属食品许可", c.row_version)
    svc.confirm(hall.b, c, c.row_version)
    svc.hand_over(hall.b, c, hall.wa.id, "属企业登记", c.row_version)
    svc.confirm(hall.a, c, c.row_version)  # no commit in between: the new hand-over is seen
    assert c.window_id == hall.wa.id and len(c.transfers) == 2
