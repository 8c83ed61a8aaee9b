"""Months, sheets and the workflow through the services, on a real database."""

from datetime import date

import pytest

from app.assessment.logic import workflow as wf
from app.assessment.models import FlagAward, ScoreSheet
from app.assessment.queries import awards, months
from app.assessment.services import monthflow, sheets
from app.assessment.services.common import AssessmentError
from app.audit.models import AuditEntry
from app.extensions import db
from app.kernel import PermissionDenied, StaleEdit
from app.records.models import Attendance, Complaint
from tests.conftest import PASSWORD


def _sheet(m, window):
    return next(s for s in m.sheets if s.window_id == window.id)


def test_month_takes_the_scheme_in_force_on_its_first_day(rule, hall, users):
    ev = users["evaluator"]
    m2020 = sheets.open_month(ev, 2020, 12)
    m2021 = sheets.open_month(ev, 2021, 1)
    m2024 = sheets.open_month(ev, 2024, 3)
    assert (m2020.scheme_version_id, m2021.scheme_version_id, m2024.scheme_version_id) == (
        rule["A/0"].id,
        rule["A/1"].id,
        rule["B/0"].id,
    )
    assert len(m2024.sheets) == 5
    with pytest.raises(AssessmentError, match="已经开启"):
        sheets.open_month(ev, 2024, 3)
    with pytest.raises(AssessmentError, match="没有生效的考核细则"):
        sheets.open_month(ev, 2018, 6)


def test_scheme_changed_mid_year_never_changes_a_past_month(rule, hall, users):
    """Same entries, Dec 2023 by A/1 (cap +5) and Jan 2024 by B/0 (cap +10); editing B/0's stored
    scheme afterwards (as a new version would) does not touch December."""
    ev = users["evaluator"]
    dec, jan = sheets.open_month(ev, 2023, 12), sheets.open_month(ev, 2024, 1)
    w = hall["windows"][0]
    for m in (dec, jan):
        s = _sheet(m, w)
        for _ in range(4):
            sheets.add_entry(ev, s, s.row_version, "B2", 1, note="收到锦旗")
    assert _sheet(dec, w).total == 105 and _sheet(jan, w).total == 108


def test_entry_validation_and_void_with_reason(rule, hall, users):
    ev = users["evaluator"]
    m = sheets.open_month(ev, 2026, 3)
    s = _sheet(m, hall["windows"][1])
    with pytest.raises(AssessmentError, match="事实依据"):
        sheets.add_entry(ev, s, s.row_version, "D1", 1, note="")
    with pytest.raises(AssessmentError, match="发生日期"):
        sheets.add_entry(ev, s, s.row_version, "D1", 1, occurred_on=date(2026, 4, 2), note="迟到")
    with pytest.raises(Exception, match="分值应在"):
        sheets.add_entry(ev, s, s.row_version, "E4", 1, points=7, note="差错")
    e = sheets.add_entry(ev, s, s.row_version, "E4", 1, points=4, note="审批结果差错", occurred_on=date(2026, 3, 5))
    assert s.total == 96 and e.article == "第十条" and m.status == wf.SCORING
    with pytest.raises(AssessmentError, match="作废原因"):
        sheets.void_entry(ev, e, "", s.row_version)
    sheets.void_entry(ev, e, "重复登记", s.row_version)
    assert s.total == 100 and e.status == "void"
    with pytest.raises(PermissionDenied, match="权限"):
        sheets.add_entry(users["window_staff"], s, s.row_version, "D1", 1, note="x")


def test_concurrent_save_is_refused_and_nothing_is_lost(rule, hall, users, make_user):
    ev1, ev2 = users["evaluator"], make_user("evaluator")
    m = sheets.open_month(ev1, 2026, 3)
    s = _sheet(m, hall["windows"][0])
    loaded = s.row_version  # both evaluators opened the sheet at this version
    sheets.add_entry(ev1, s, loaded, "D1", 2, note="两人次迟到")
    with pytest.raises(StaleEdit, match="已被他人修改"):
        sheets.add_entry(ev2, s, loaded, "S1", 1, note="未佩戴工作牌")
    db.session.expire_all()
    s = db.session.get(ScoreSheet, s.id)
    assert [e.item_code for e in s.entries] == ["D1"] and s.total == 98
    sheets.add_entry(ev2, s, s.row_version, "S1", 1, note="未佩戴工作牌")  # reloaded: accepted
    assert s.total == 97


def test_proposals_from_records_accept_or_reject_with_reason(rule, hall, users):
    ev = users["evaluator"]
    w, st = hall["windows"][0], hall["staff"][0]
    db.session.add_all(
        [
            Attendance(staff_id=st.id, window_id=w.id, day=date(2026, 3, 2), slot="am", status="late"),
            Attendance(staff_id=st.id, window_id=w.id, day=date(2026, 3, 3), slot="am", status="late"),
            Attendance(staff_id=st.id, window_id=w.id, day=date(2026, 3, 4), slot="day", status="absent"),
            Complaint(number="TS-2026-001", received_on=date(2026, 3, 9), window_id=w.id, staff_id=st.id, valid=True),
            Complaint(number="TS-2026-002", received_on=date(2026, 3, 9), window_id=w.id, valid=False),
        ]
    )
    db.session.commit()
    m = sheets.open_month(ev, 2026, 3)
    s = _sheet(m, w)
    assert sheets.propose(ev, s, s.row_version) == 3
    assert sheets.propose(ev, s, s.row_version) == 0  # not repeated
    by = {e.source: e for e in s.entries}
    assert (
        by["late_early"].count == 2 and by["absent_half_days"].count == 2 and by["valid_complaints"].item_code == "S5"
    )
    assert s.total == 100 and s.facts["valid_complaints"] == 1
    with pytest.raises(AssessmentError, match="未处理"):
        monthflow.submit(ev, m, m.row_version)
    sheets.decide_proposal(ev, by["late_early"], True, "", s.row_version)
    sheets.decide_proposal(ev, by["absent_half_days"], True, "", s.row_version)
    with pytest.raises(AssessmentError, match="理由"):
        sheets.decide_proposal(ev, by["valid_complaints"], False, "", s.row_version)
    sheets.decide_proposal(ev, by["valid_complaints"], False, "投诉复查后撤销", s.row_version)
    assert s.total == 94  # 2 × 1 + 2 half-days × 2
    monthflow.submit(ev, m, m.row_version)
    assert m.status == wf.SUBMITTED


def _scored_month(rule, hall, users, totals=(0, 1, 3, 6, 12)):
    ev = users["evaluator"]
    m = sheets.open_month(ev, 2026, 3)
    for w, late in zip(hall["windows"], totals, strict=False):
        s = _sheet(m, w)
        if late:
            sheets.add_entry(ev, s, s.row_version, "D1", late, note=f"迟到 {late} 人次")
    monthflow.submit(ev, m, m.row_version)
    db.session.commit()  # a test commits for itself (the services flush)
    return m


def test_lock_needs_the_password_and_starts_the_publicity(rule, hall, users):
    m = _scored_month(rule, hall, users)
    ev = users["evaluator"]
    with pytest.raises(AssessmentError, match="签名密码不正确"):
        monthflow.lock(users["admin"], m, "wrong-password", m.row_version)
    assert m.status == wf.SUBMITTED
    monthflow.lock(
        users["admin"], m, PASSWORD, m.row_version, today=date(2026, 4, 3)
    )  # Friday; 3 working days from B/0
    assert m.status == wf.PUBLICITY and m.publicity_end == date(2026, 4, 9)  # 4–6 April: 清明 holiday
    assert m.lock_sha256 == months.totals_digest(m)
    s = m.sheets[0]
    with pytest.raises(AssessmentError, match="不能修改"):
        sheets.add_entry(ev, s, s.row_version, "D1", 1, note="迟到")
    with pytest.raises(AssessmentError, match="公示期满"):
        monthflow.finalise(ev, m, m.row_version, today=date(2026, 4, 9))


def test_appeal_path(rule, hall, users):
    m = _scored_month(rule, hall, users)
    ev, staff_user = users["evaluator"], users["window_staff"]
    monthflow.lock(users["admin"], m, PASSWORD, m.row_version, today=date(2026, 4, 7))
    own = _sheet(m, hall["windows"][1])  # window 02: 1 late mark, 99 points
    other = _sheet(m, hall["windows"][0])
    with pytest.raises(AssessmentError, match="本窗口"):
        monthflow.lodge_appeal(staff_user, own, "考勤机故障导致误记迟到", today=date(2026, 4, 8))
    own, other = other, own  # the window_staff user works at window 01
    with pytest.raises(AssessmentError, match="公示期内"):
        monthflow.lodge_appeal(staff_user, own, "理由理由理由", today=date(2026, 4, 20))
    m2 = own  # window 01 has no entries; appeal the whole sheet
    appeal = monthflow.lodge_appeal(staff_user, m2, "本窗口办件量统计有误，请复核", today=date(2026, 4, 8))
    with pytest.raises(AssessmentError, match="申诉未复核"):
        monthflow.finalise(ev, m, m.row_version, today=date(2026, 4, 20))
    with pytest.raises(PermissionDenied, match="权限"):
        monthflow.decide_appeal(staff_user, appeal, True, "自己批准", appeal.row_version)
    monthflow.decide_appeal(ev, appeal, False, "经核对办件系统，统计无误，维持原评", appeal.row_version)
    assert appeal.status == "dismissed"
    # an upheld appeal against one entry voids it and rescores the sheet
    users["window_staff"].staff_id = hall["staff"][2].id  # now staff of window 02
    db.session.commit()
    entry = other.entries[0]
    a2 = monthflow.lodge_appeal(
        staff_user, other, "考勤机故障，误记迟到一次", entry_id=entry.id, today=date(2026, 4, 8)
    )
    monthflow.decide_appeal(ev, a2, True, "调取考勤机日志，确属故障", a2.row_version)
    assert entry.status == "void" and other.total == 100
    monthflow.finalise(ev, m, m.row_version, today=date(2026, 4, 20))
    assert m.status == wf.FINAL
    flags = db.session.scalars(db.select(FlagAward).filter_by(month_id=m.id)).all()
    assert {f.window_id for f in flags} == {hall["windows"][0].id, hall["windows"][1].id}  # tie at 100: both


def test_flags_and_reopen_with_reason_is_audited(rule, hall, users):
    m = _scored_month(rule, hall, users)
    ev, admin = users["evaluator"], users["admin"]
    monthflow.lock(users["admin"], m, PASSWORD, m.row_version, today=date(2026, 4, 7))
    monthflow.finalise(ev, m, m.row_version, today=date(2026, 4, 20))
    out = awards.outcome(m)
    assert out.flag_quota == 1 and out.flags == [hall["windows"][0].id]
    assert out.last_place == [hall["windows"][4].id]
    with pytest.raises(PermissionDenied, match="权限"):
        monthflow.reopen(ev, m, "发现录入错误", m.row_version)
    with pytest.raises(AssessmentError, match="理由"):
        monthflow.reopen(admin, m, "", m.row_version)
    monthflow.reopen(admin, m, "发现 3 号窗口迟到记录重复", m.row_version)
    assert m.status == wf.SCORING and m.lock_sha256 is None
    assert all(f.revoked for f in db.session.scalars(db.select(FlagAward).filter_by(month_id=m.id)))
    entry = db.session.scalars(db.select(AuditEntry).filter_by(action="reopen")).one()
    assert "迟到记录重复" in entry.details


def test_last_place_month_before_bars_and_warnings(rule, hall, users):
    ev = users["evaluator"]
    w = hall["windows"]
    for month, lates in ((1, (0, 1, 2, 3, 9)), (2, (9, 0, 1, 2, 10)), (3, (1, 0, 2, 3, 11))):
        m = sheets.open_month(ev, 2026, month)
        for win, late in zip(w, lates, strict=False):
            s = _sheet(m, win)
            if late:
                sheets.add_entry(ev, s, s.row_version, "D1", late, note="迟到")
    march = months.get_month(2026, 3)
    out = awards.outcome(march)
    assert out.flags == [w[1].id]
    warn = awards.warnings(march, out)
    assert warn[w[4].id] == (3, "通报派驻单位")
    # window 01 was not last in Feb; but window 05 last in Feb is barred in March
    assert "上月排名末位" in out.by_window()[w[4].id].barred


def test_quarter_flags_after_the_third_month_and_streak_honour(rule, hall, users):
    """Window 01 is best in January–March: three monthly flags running (an honour under B/0),
    and the first quarter's flag once March is final."""
    ev = users["evaluator"]
    for month in (1, 2, 3):
        m = sheets.open_month(ev, 2026, month)
        for win, late in zip(hall["windows"], (0, 1, 2, 3, 8), strict=False):
            s = _sheet(m, win)
            if late:
                sheets.add_entry(ev, s, s.row_version, "D1", late, note="迟到")
        monthflow.submit(ev, m, m.row_version)
        monthflow.lock(users["admin"], m, PASSWORD, m.row_version, today=date(2026, month + 1, 1))
        monthflow.finalise(ev, m, m.row_version, today=date(2026, month + 1, 25))
    w1 = hall["windows"][0].id
    quarter = db.session.scalars(db.select(FlagAward).filter_by(period="quarter", year=2026, number=1)).all()
    assert [f.window_id for f in quarter] == [w1] and quarter[0].score == 100
    h = awards.window_history(w1)
    assert h.months == ["2026-01", "2026-02", "2026-03"] and h.current_streak == 3 and h.honours == 1
