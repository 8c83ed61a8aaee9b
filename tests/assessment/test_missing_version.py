"""Issue 11 item 3: score-sheet forms without row_version, or with a stale one, are refused."""

from app.assessment.models import ScoreSheet
from app.assessment.services import sheets
from app.extensions import db


def _sheet(users):
    sheet = sheets.open_month(users["evaluator"], 2026, 3).sheets[0]
    db.session.commit()  # a test commits for itself (the services flush)
    return sheet


def test_entry_without_version_is_refused(client, auth, rule, hall, users):
    s = _sheet(users)
    auth.login(users["evaluator"])
    r = client.post(
        f"/assessment/sheets/{s.id}/entries",
        data={"item_code": "D1", "count": "1", "note": "没有版本的记录", "occurred_on": "2026-03-02"},
    )
    assert "缺少版本信息" in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ScoreSheet, s.id).entries == []


def test_stale_or_missing_void_of_an_entry_is_refused(client, auth, rule, hall, users):
    s = _sheet(users)
    e = sheets.add_entry(users["evaluator"], s, s.row_version, "D1", 1, note="3月2日迟到")
    stale = s.row_version
    sheets.add_entry(users["evaluator"], s, s.row_version, "S1", 1, note="未佩戴工作牌")
    db.session.commit()
    auth.login(users["evaluator"])
    client.post(f"/assessment/entries/{e.id}/void", data={"reason": "重复", "row_version": stale})
    client.post(f"/assessment/entries/{e.id}/void", data={"reason": "重复"})
    db.session.expire_all()
    assert [x.status for x in db.session.get(ScoreSheet, s.id).entries if x.id == e.id] != ["void"]
