"""服务标兵 cycles on a real database: eligibility from the records, nomination quota, the secret
ballot (one vote each, no link between voter and vote), weighted results, quota, documents."""

import io
import subprocess
import sys
from datetime import date

import pytest
from docx import Document as DocxDocument

from app.assessment.models import VoterReceipt
from app.assessment.queries import exemplars as exq
from app.assessment.queries import months
from app.assessment.services import exemplars as ex
from app.assessment.services import sheets
from app.assessment.services.common import AssessmentError
from app.audit.models import AuditEntry
from app.extensions import db
from app.kernel import PermissionDenied
from app.records.models import Attendance
from tests.assessment.test_views import CHECKER


def _cycle(users, hall, **kw):
    return ex.create_cycle(users["evaluator"], "month", 2026, 3)


def test_eligibility_from_records_and_nomination_quota(rule, hall, users):
    ev = users["evaluator"]
    st, w = hall["staff"], hall["windows"]
    db.session.add(Attendance(staff_id=st[2].id, window_id=w[1].id, day=date(2026, 3, 3), slot="am", status="absent"))
    db.session.add_all(
        [
            Attendance(staff_id=st[4].id, window_id=w[2].id, day=date(2026, 3, d), slot="am", status="late")
            for d in (2, 3, 4)
        ]
    )
    db.session.commit()
    m = sheets.open_month(ev, 2026, 3)
    sheet = next(s for s in m.sheets if s.window_id == w[3].id)
    sheets.add_entry(
        ev, sheet, sheet.row_version, "S4", 1, note="与服务对象争吵", staff_id=st[6].id, staff_name=st[6].name
    )
    c = _cycle(users, hall)
    assert c.staff_on_duty == 10 and c.window_count == 5
    with pytest.raises(AssessmentError, match="旷工"):
        ex.nominate(ev, c, st[2].id, "推荐")
    with pytest.raises(AssessmentError, match="迟到早退 3 次"):
        ex.nominate(ev, c, st[4].id, "推荐")
    with pytest.raises(AssessmentError, match="个人得分 97 低于"):
        ex.nominate(ev, c, st[6].id, "推荐")
    n = ex.nominate(ev, c, st[0].id, "业务熟练")
    assert n.monthly_score == 100 and n.public_score == 60
    ex.nominate(ev, c, st[1].id, "热情周到")
    with pytest.raises(AssessmentError, match="已被提名"):
        ex.nominate(ev, c, st[1].id, "重复")
    # a nomination is withdrawn with a reason (kept), freeing the window's place
    ex.nominate(ev, c, st[8].id, "推荐")
    ex.nominate(ev, c, st[9].id, "推荐")
    nom = next(n for n in c.nominations if n.staff_id == st[9].id)
    with pytest.raises(AssessmentError, match="撤回理由"):
        ex.withdraw_nomination(ev, nom, "")
    ex.withdraw_nomination(ev, nom, "本人谦让")
    assert nom.withdrawn and nom in c.nominations
    # window staff nominate only in their own window
    with pytest.raises(AssessmentError, match="本窗口"):
        ex.nominate(users["window_staff"], c, st[8].id, "推荐")


def _voting_cycle(users, hall):
    ev, st = users["evaluator"], hall["staff"]
    c = _cycle(users, hall)
    for i in (0, 2, 3, 5):  # windows 01, 02, 02, 03
        ex.nominate(ev, c, st[i].id, "推荐")
    ex.advance(ev, c, ex.VOTING, c.row_version)
    return c


def test_secret_ballot_one_vote_each_and_unlinkable(rule, hall, users, make_user):
    c = _voting_cycle(users, hall)
    noms = {n.staff_id: n for n in c.nominations}
    st = hall["staff"]
    assert exq.choices_allowed(c) == 1  # 10 % of 10 staff on duty
    voters = [make_user("window_staff") for _ in range(5)] + [users["evaluator"]]
    picks = [st[0].id, st[0].id, st[2].id, st[0].id, st[5].id, st[2].id]
    for u, pick in zip(voters, picks, strict=False):
        ex.vote(u, c, [noms[pick].id])
    with pytest.raises(AssessmentError, match="已经投过票"):
        ex.vote(voters[0], c, [noms[st[3].id].id])
    with pytest.raises(AssessmentError, match="最多可选 1 人"):
        ex.vote(users["admin"], c, [noms[st[0].id].id, noms[st[2].id].id])
    with pytest.raises(PermissionDenied, match="权限"):
        ex.vote(users["auditor"], c, [noms[st[0].id].id])
    # who voted and what was chosen are stored apart, with nothing to join them on: since issue 12
    # no row per ballot exists at all (their order followed the receipts), only a counter per nomination
    assert "assessment_ballots" not in db.metadata.tables
    # (center_id: the voter's center, as on every center-owned row; it names no choice either)
    assert {c.name for c in VoterReceipt.__table__.columns} == {"id", "cycle_id", "user_id", "center_id"}
    assert db.session.scalar(db.select(db.func.count(VoterReceipt.id))) == 6
    assert sum(n.tally for n in c.nominations) == 6
    votes = db.session.scalars(db.select(AuditEntry).filter_by(action="vote")).all()
    assert len(votes) == 6 and all(v.details == "{}" for v in votes)
    ex.advance(users["evaluator"], c, ex.SCORING, c.row_version)
    assert {n.staff_id: n.votes for n in c.nominations} == {st[0].id: 3, st[2].id: 2, st[3].id: 0, st[5].id: 1}


def test_results_weights_quota_publicity_and_documents(rule, hall, users, make_user, client, auth, tmp_path):
    c = _voting_cycle(users, hall)
    st, ev = hall["staff"], users["evaluator"]
    noms = {n.staff_id: n for n in c.nominations}
    for u, pick in zip([make_user("window_staff") for _ in range(4)], [0, 2, 2, 2], strict=False):
        ex.vote(u, c, [noms[st[pick].id].id])
    ex.advance(ev, c, ex.SCORING, c.row_version)
    with pytest.raises(AssessmentError, match="领导评价分"):
        ex.advance(ev, c, ex.PUBLICITY, c.row_version)
    for sid, leader in ((0, 90), (2, 80), (3, 100), (5, 70)):
        ex.set_scores(ev, noms[st[sid].id], leader, None, noms[st[sid].id].row_version)
    ex.advance(ev, c, ex.PUBLICITY, c.row_version, today=date(2026, 4, 7))
    selected = [n.staff_name for n in c.nominations if n.selected]
    # quota: 10 % of 10 on duty = 1; 吴越 (3 of 4 votes): 40 + 22.5 + 12 + 8 = 82.5 beats 林安 (40 + 7.5 + 12 + 9)
    assert selected == [st[2].name] and noms[st[2].id].combined == 82.5
    assert c.publicity_end == date(2026, 4, 14)  # 5 working days
    with pytest.raises(AssessmentError, match="公示期满"):
        ex.advance(ev, c, ex.FINAL, c.row_version, today=date(2026, 4, 14))
    auth.login(users["auditor"])
    r = client.get(f"/assessment/exemplars/{c.id}/results.docx")
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(r.data)).paragraphs)
    assert r.status_code == 200 and "服务标兵" in text
    winner = noms[st[2].id]
    assert client.get(f"/assessment/nominations/{winner.id}/certificate.docx").status_code == 404  # not final yet
    ex.advance(ev, c, ex.FINAL, c.row_version, today=date(2026, 4, 15))
    cert = client.get(f"/assessment/nominations/{winner.id}/certificate.docx")
    assert cert.status_code == 200 and winner.staff_name in "".join(
        p.text for p in DocxDocument(io.BytesIO(cert.data)).paragraphs
    )
    page = client.get(f"/assessment/exemplars/{c.id}").get_data(as_text=True)
    assert "当选" in page and "证书" in page
    assert CHECKER.exists(), f"GB/T 9704 checker missing at {CHECKER} (../shared sits beside the clone in CI)"
    for name, data in (("results.docx", r.data), ("certificate.docx", cert.data)):
        path = tmp_path / name
        path.write_bytes(data)
        done = subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True, text=True)
        assert done.returncode == 0, name + done.stdout


def test_chief_representative_half_charge_lowers_their_personal_score(rule, hall, users):
    from app.assessment.logic import schemes as sch

    sv = rule["B/0"]
    data = sch.to_dict(sv.scheme)
    data["chief_rep_share"] = 0.5
    sv.scheme_json = sch.to_json(sch.from_dict(data))
    db.session.commit()
    ev, st, w = users["evaluator"], hall["staff"], hall["windows"]
    m = sheets.open_month(ev, 2026, 3)
    sheet = next(s for s in m.sheets if s.window_id == w[0].id)
    sheets.add_entry(ev, sheet, sheet.row_version, "E1", 1, note="超过承诺时限")  # window −5, nobody named
    assert months.result(sheet).chief_rep_charge == 2.5
    c = _cycle(users, hall)
    chief, colleague = st[0], st[1]  # staff 0 of each window is the 首席代表 in the fixture
    with pytest.raises(AssessmentError, match="个人得分 97.5 低于"):
        ex.nominate(ev, c, chief.id, "推荐")
    assert ex.nominate(ev, c, colleague.id, "推荐").monthly_score == 100


def test_nomination_dropdown_is_grouped_by_window(rule, hall, users):
    # issue 14: the 提名 dropdown listed the names without their window
    c = _cycle(users, hall)
    choices = exq.candidate_choices(c)
    flat = [sid for group in choices.values() for sid, _ in group]
    assert sorted(flat) == sorted(s.id for s in exq.candidates_on_duty(c))
    labels = list(choices)
    assert all("号" in g for g in labels) and len(labels) == c.window_count
    numbers = [g.split("号")[0] for g in labels]
    assert numbers == sorted(numbers, key=lambda n: (len(n), n))
