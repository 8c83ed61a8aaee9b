"""Issue 12, the assessment parts: a secret ballot nobody can link to the voters (the test tries),
the evaluator who submits a month cannot lock it, and evidence attachments follow the sheet's window."""

import io
import json
from datetime import date

import pytest

from app.assessment.models import Nomination, ScoreEntry, VoterReceipt
from app.assessment.services import exemplars as ex
from app.assessment.services import monthflow, sheets
from app.assessment.services.common import AssessmentError
from app.audit.models import AuditEntry
from app.extensions import db
from tests.assessment.test_exemplars import _voting_cycle
from tests.conftest import PASSWORD

# cache_stamps (PostgreSQL): a topic's generation moves once per commit on the room's tables, the
# same for every choice, so it says how many voted (as the receipts do), never for whom
VOTE_TABLES_EXCLUDED = {"assessment_voter_receipts", "audit_entries", "alembic_version", "cache_stamps"}


def _everything_but_receipts() -> dict:
    """Every row of every table except who voted (receipts) and the audit trail (which says only
    that someone voted), as the attacker with the database would read it."""
    out = {}
    for table in db.metadata.sorted_tables:
        if table.name in VOTE_TABLES_EXCLUDED:
            continue
        out[table.name] = [tuple(r) for r in db.session.execute(table.select().order_by(*table.primary_key.columns))]
    return out


def _cast(users, make_user, hall, choices, c=None):
    """Voters 甲, 乙, 丙 vote in that order, choosing `choices` (staff indexes)."""
    c = c or _voting_cycle(users, hall)
    noms = {n.staff_id: n for n in c.nominations}
    for name, pick in zip(("甲", "乙", "丙"), choices, strict=False):
        ex.vote(make_user("window_staff", username=f"voter-{name}"), c, [noms[hall["staff"][pick].id].id])
    db.session.commit()
    return c


def test_nothing_stored_links_a_voter_to_a_choice(rule, hall, users, make_user):
    """Read the whole database before and after three votes: apart from who voted (receipts) and
    that they voted (audit), the only change is each chosen nomination's counter. No new row, id,
    time or version follows a voter, so the order of the receipts tells nothing about the choices."""
    c = _voting_cycle(users, hall)
    db.session.commit()
    before = _everything_but_receipts()
    _cast(users, make_user, hall, [0, 2, 2], c)
    after = _everything_but_receipts()
    tally = [col.name for col in Nomination.__table__.columns].index("tally")
    for name in before:
        if name == "users":
            continue  # the three voters' accounts, made for the test
        if name == "assessment_nominations":
            strip = [tuple(v for k, v in enumerate(row) if k != tally) for row in before[name]]
            assert strip == [tuple(v for k, v in enumerate(row) if k != tally) for row in after[name]]
            continue
        assert before[name] == after[name], f"{name} changed when people voted: it could link a voter to a choice"
    counts = {n.staff_id: n.tally for n in c.nominations}
    assert counts[hall["staff"][0].id] == 1 and counts[hall["staff"][2].id] == 2
    assert db.session.scalar(db.select(db.func.count(VoterReceipt.id))) == 3
    votes = db.session.scalars(db.select(AuditEntry).filter_by(action="vote")).all()
    assert len(votes) == 3 and all(json.loads(v.details) == {} for v in votes)


def test_the_ballot_counts_survive_the_close(rule, hall, users, make_user):
    c = _cast(users, make_user, hall, [0, 2, 2])
    ex.advance(users["evaluator"], c, ex.SCORING, c.row_version)
    assert {n.staff_id: n.votes for n in c.nominations if n.votes} == {hall["staff"][0].id: 1, hall["staff"][2].id: 2}
    assert db.session.get(Nomination, c.nominations[0].id).row_version == c.nominations[0].row_version


def _submitted_march(users):
    m = sheets.open_month(users["evaluator"], 2026, 3)
    monthflow.submit(users["evaluator"], m, m.row_version)
    db.session.commit()
    return m


def test_who_submits_a_month_cannot_lock_it(app, client, auth, rule, hall, users):
    m = _submitted_march(users)
    with pytest.raises(AssessmentError, match="职责分离"):
        monthflow.lock(users["evaluator"], m, PASSWORD, m.row_version, today=date(2026, 4, 7))
    auth.login(users["evaluator"])
    r = client.post(
        "/assessment/2026/3/review",
        data={"step": "lock", "password": PASSWORD, "row_version": m.row_version},
        follow_redirects=True,
    )
    assert "职责分离" in r.get_data(as_text=True)
    db.session.expire_all()
    assert m.status == "submitted"
    monthflow.lock(users["admin"], m, PASSWORD, m.row_version, today=date(2026, 4, 7))
    assert m.status == "publicity" and m.locked_by_id == users["admin"].id


def test_a_center_may_let_the_submitter_lock(app, rule, hall, users):
    app.config["ASSESSMENT_SUBMITTER_MAY_LOCK"] = True
    m = _submitted_march(users)
    monthflow.lock(users["evaluator"], m, PASSWORD, m.row_version, today=date(2026, 4, 7))
    assert m.status == "publicity"
    app.config["ASSESSMENT_SUBMITTER_MAY_LOCK"] = False


def test_evidence_attachments_follow_the_sheets_window(client, auth, rule, hall, users, make_user):
    """own window / other window / no window, as in tests/test_access_objects.py."""
    m = sheets.open_month(users["evaluator"], 2026, 3)
    db.session.commit()
    auth.login(users["evaluator"])
    own, other = (next(s for s in m.sheets if s.window_id == w.id) for w in hall["windows"][:2])
    for s in (own, other):
        client.post(
            f"/assessment/sheets/{s.id}/entries",
            content_type="multipart/form-data",
            data={
                "row_version": s.row_version,
                "item_code": "A2",
                "count": "1",
                "note": "卫生不洁",
                "attachment": (io.BytesIO(b"%PDF-1.4 photo"), "巡查照片.pdf"),
            },
        )
    auth.logout()
    entries = {e.sheet_id: e for e in db.session.scalars(db.select(ScoreEntry))}
    staff = users["window_staff"]  # serves window 01 (own) in 2026
    unlinked = make_user("window_staff")  # linked to no one on the roster
    expected = [
        (staff, own, 200),
        (staff, other, 403),
        (unlinked, own, 403),
        (users["auditor"], other, 200),
        (users["evaluator"], own, 200),
    ]
    for user, sheet, status in expected:
        auth.login(user)
        url = f"/assessment/entries/{entries[sheet.id].id}/attachment"
        assert client.get(url).status_code == status, (user.username, sheet.window_name)
        page = client.get(f"/assessment/sheets/{sheet.id}").get_data(as_text=True)
        assert (url in page) == (status == 200)
        auth.logout()
    denied = db.session.scalars(db.select(AuditEntry).filter_by(action="denied", object_type="assessment_entry")).all()
    assert len(denied) == 2
