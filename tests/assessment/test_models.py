"""服务标兵 cycles on a real database: eligibility from the records, nomination quota, the secret
ballot (one vote each, no link between voter and vote), weighted results, quota, documents."""
import io
import subprocess
import sys
from datetime import date

import pytest
from docx import Document as DocxDocument

from app.assessment import modelcycle as mc
from app.assessment import services
from app.assessment.errors import AssessmentError
from app.assessment.models import Ballot, VoterReceipt
from app.audit.models import AuditEntry
from app.extensions import db
from app.records.models import Attendance
from tests.assessment.test_views import CHECKER


def _cycle(users, hall, **kw):
    return mc.create_cycle(users["evaluator"], "month", 2026, 3)


def test_eligibility_from_records_and_nomination_quota(rule, hall, users):
    ev = users["evaluator"]
    st, w = hall["staff"], hall["windows"]
    db.session.add(Attendance(staff_id=st[2].id, window_id=w[1].id, day=date(2026, 3, 3), slot="am", status="absent"))
    db.session.add_all([Attendance(staff_id=st[4].id, window_id=w[2].id, day=date(2026, 3, d), slot="am", status="late")
                        for d in (2, 3, 4)])
    db.session.commit()
    m = services.open_month(ev, 2026, 3)
    sheet = next(s for s in m.sheets if s.window_id == w[3].id)
    services.add_entry(ev, sheet, sheet.row_version, "S4", 1, note="与服务对象争吵", staff_id=st[6].id, staff_name=st[6].name)
    c = _cycle(users, hall)
    assert c.staff_on_duty == 10 and c.window_count == 5
    with pytest.raises(AssessmentError, match="旷工"):
        mc.nominate(ev, c, st[2].id, "推荐")
    with pytest.raises(AssessmentError, match="迟到早退 3 次"):
        mc.nominate(ev, c, st[4].id, "推荐")
    with pytest.raises(AssessmentError, match="个人得分 97 低于"):
        mc.nominate(ev, c, st[6].id, "推荐")
    n = mc.nominate(ev, c, st[0].id, "业务熟练")
    assert n.monthly_score == 100 and n.public_score == 60
    mc.nominate(ev, c, st[1].id, "热情周到")
    with pytest.raises(AssessmentError, match="已被提名"):
        mc.nominate(ev, c, st[1].id, "重复")
    # a nomination is withdrawn with a reason (kept), freeing the window's place
    mc.nominate(ev, c, st[8].id, "推荐")
    mc.nominate(ev, c, st[9].id, "推荐")
    nom = next(n for n in c.nominations if n.staff_id == st[9].id)
    with pytest.raises(AssessmentError, match="撤回理由"):
        mc.withdraw_nomination(ev, nom, "")
    mc.withdraw_nomination(ev, nom, "本人谦让")
    assert nom.withdrawn and nom in c.nominations
    # window staff nominate only in their own window
    with pytest.raises(AssessmentError, match="本窗口"):
        mc.nominate(users["window_staff"], c, st[8].id, "推荐")


def _voting_cycle(users, hall):
    ev, st = users["evaluator"], hall["staff"]
    c = _cycle(users, hall)
    for i in (0, 2, 3, 5):  # windows 01, 02, 02, 03
        mc.nominate(ev, c, st[i].id, "推荐")
    mc.advance(ev, c, mc.VOTING)
    return c


def test_secret_ballot_one_vote_each_and_unlinkable(rule, hall, users, make_user):
    c = _voting_cycle(users, hall)
    noms = {n.staff_id: n for n in c.nominations}
    st = hall["staff"]
    assert mc.choices_allowed(c) == 1  # 10 % of 10 staff on duty
    voters = [make_user("window_staff") for _ in range(5)] + [users["evaluator"]]
    picks = [st[0].id, st[0].id, st[2].id, st[0].id, st[5].id, st[2].id]
    for u, pick in zip(voters, picks):
        mc.vote(u, c, [noms[pick].id])
    with pytest.raises(AssessmentError, match="已经投过票"):
        mc.vote(voters[0], c, [noms[st[3].id].id])
    with pytest.raises(AssessmentError, match="最多可选 1 人"):
        mc.vote(users["admin"], c, [noms[st[0].id].id, noms[st[2].id].id])
    with pytest.raises(AssessmentError, match="权限"):
        mc.vote(users["auditor"], c, [noms[st[0].id].id])
    # who voted and what was chosen are stored apart, with nothing to join them on
    assert {c.name for c in Ballot.__table__.columns} == {"id", "cycle_id", "nomination_id"}
    assert {c.name for c in VoterReceipt.__table__.columns} == {"id", "cycle_id", "user_id"}
    assert db.session.scalar(db.select(db.func.count(VoterReceipt.id))) == 6
    ids = [b.id for b in db.session.scalars(db.select(Ballot))]
    assert len(ids) == 6 and all(len(i) == 32 for i in ids)
    votes = db.session.scalars(db.select(AuditEntry).filter_by(action="vote")).all()
    assert len(votes) == 6 and all(v.details == "{}" for v in votes)
    mc.advance(users["evaluator"], c, mc.SCORING)
    assert {n.staff_id: n.votes for n in c.nominations} == {st[0].id: 3, st[2].id: 2, st[3].id: 0, st[5].id: 1}


def test_results_weights_quota_publicity_and_documents(rule, hall, users, make_user, client, auth, tmp_path):
    c = _voting_cycle(users, hall)
    st, ev = hall["staff"], users["evaluator"]
    noms = {n.staff_id: n for n in c.nominations}
    for u, pick in zip([make_user("window_staff") for _ in range(4)], [0, 2, 2, 2]):
        mc.vote(u, c, [noms[st[pick].id].id])
    mc.advance(ev, c, mc.SCORING)
    with pytest.raises(AssessmentError, match="领导评价分"):
        mc.advance(ev, c, mc.PUBLICITY)
    for sid, leader in ((0, 90), (2, 80), (3, 100), (5, 70)):
        mc.set_scores(ev, noms[st[sid].id], leader, None)
    mc.advance(ev, c, mc.PUBLICITY, today=date(2026, 4, 7))
    selected = [n.staff_name for n in c.nominations if n.selected]
    # quota: 10 % of 10 on duty = 1; 吴越 (3 of 4 votes): 40 + 22.5 + 12 + 8 = 82.5 beats 林安 (40 + 7.5 + 12 + 9)
    assert selected == [st[2].name] and noms[st[2].id].combined == 82.5
    assert c.publicity_end == date(2026, 4, 14)  # 5 working days
    with pytest.raises(AssessmentError, match="公示期满"):
        mc.advance(ev, c, mc.FINAL, today=date(2026, 4, 14))
    auth.login(users["auditor"])
    r = client.get(f"/assessment/models/{c.id}/results.docx")
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(r.data)).paragraphs)
    assert r.status_code == 200 and "服务标兵" in text
    winner = noms[st[2].id]
    assert client.get(f"/assessment/nominations/{winner.id}/certificate.docx").status_code == 404  # not final yet
    mc.advance(ev, c, mc.FINAL, today=date(2026, 4, 15))
    cert = client.get(f"/assessment/nominations/{winner.id}/certificate.docx")
    assert cert.status_code == 200 and winner.staff_name in "".join(
        p.text for p in DocxDocument(io.BytesIO(cert.data)).paragraphs)
    page = client.get(f"/assessment/models/{c.id}").get_data(as_text=True)
    assert "当选" in page and "证书" in page
    if CHECKER.exists():
        for name, data in (("results.docx", r.data), ("certificate.docx", cert.data)):
            path = tmp_path / name
            path.write_bytes(data)
            done = subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True, text=True)
            assert done.returncode == 0, name + done.stdout


def test_chief_representative_half_charge_lowers_their_personal_score(rule, hall, users):
    from app.assessment import scheme as sch

    sv = rule["B/0"]
    data = sch.to_dict(sv.scheme)
    data["chief_rep_share"] = 0.5
    sv.scheme_json = sch.to_json(sch.from_dict(data))
    db.session.commit()
    ev, st, w = users["evaluator"], hall["staff"], hall["windows"]
    m = services.open_month(ev, 2026, 3)
    sheet = next(s for s in m.sheets if s.window_id == w[0].id)
    services.add_entry(ev, sheet, sheet.row_version, "E1", 1, note="超过承诺时限")  # window −5, nobody named
    assert services.result(sheet).chief_rep_charge == 2.5
    c = _cycle(users, hall)
    chief, colleague = st[0], st[1]  # staff 0 of each window is the 首席代表 in the fixture
    with pytest.raises(AssessmentError, match="个人得分 97.5 低于"):
        mc.nominate(ev, c, chief.id, "推荐")
    assert mc.nominate(ev, c, colleague.id, "推荐").monthly_score == 100
