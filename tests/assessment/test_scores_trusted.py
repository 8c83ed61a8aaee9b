"""Issue 14: scores a window can trust. Month guards, the bulletin saying what it is, proposals
naming their records with one case charged once, clauses cited from the rule in force, the small
ones (加分 column, range points, votes needed, 公示 lists the elected, windows in number order)."""

import io
from dataclasses import replace
from datetime import date, datetime

import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook

from app.assessment.logic import schemes as sch
from app.assessment.logic import workflow as wf
from app.assessment.logic.schemes import ExemplarRules
from app.assessment.logic.selection import Candidate, combine
from app.assessment.queries import awards
from app.assessment.services import exemplars as ex
from app.assessment.services import monthflow, publish, sheets
from app.assessment.services.common import AssessmentError
from app.core.timeutil import local_today
from app.documents.models import APPROVED, Document, DocumentVersion
from app.extensions import db
from app.records.models import Case, Window
from tests.conftest import PASSWORD


def _sheet(m, window):
    return next(s for s in m.sheets if s.window_id == window.id)


# ---------------------------------------------------------------------- guards
def test_a_month_opens_once_begun_and_locks_once_ended(app, rule, hall, users):
    ev, admin = users["evaluator"], users["admin"]
    with pytest.raises(AssessmentError, match="尚未开始"):
        sheets.open_month(ev, 2027, 3, today=date(2026, 12, 2))
    with pytest.raises(AssessmentError, match="尚未开始"):
        sheets.open_month(ev, 2026, 12, today=date(2026, 11, 30))
    m = sheets.open_month(ev, 2026, 11, today=date(2026, 11, 2))  # begun: may be opened and scored
    monthflow.submit(ev, m, m.row_version)
    db.session.commit()
    with pytest.raises(AssessmentError, match="尚未结束"):
        monthflow.lock(admin, m, PASSWORD, m.row_version, today=date(2026, 11, 27))
    # the center may allow locking on the month's last working days (27 Nov 2026 is a Friday, 30 Nov a Monday)
    app.config["ASSESSMENT_LOCK_LAST_WORKDAYS"] = 2
    with pytest.raises(AssessmentError, match="11月27日起方可"):
        monthflow.lock(admin, m, PASSWORD, m.row_version, today=date(2026, 11, 26))
    monthflow.lock(admin, m, PASSWORD, m.row_version, today=date(2026, 11, 27))
    assert m.status == wf.PUBLICITY
    app.config["ASSESSMENT_LOCK_LAST_WORKDAYS"] = 0


def test_an_entry_date_lies_in_its_month_and_not_in_the_future(rule, hall, users):
    ev = users["evaluator"]
    today = local_today()
    m = sheets.open_month(ev, today.year, today.month)
    s = m.sheets[0]
    if today.day < 28:
        with pytest.raises(AssessmentError, match="晚于今天"):
            sheets.add_entry(ev, s, s.row_version, "D1", 1, occurred_on=date(today.year, today.month, 28), note="迟到")
    with pytest.raises(AssessmentError, match="发生日期应在"):
        sheets.add_entry(ev, s, s.row_version, "D1", 1, occurred_on=date(2020, 1, 2), note="迟到")
    assert sheets.add_entry(ev, s, s.row_version, "D1", 1, occurred_on=today, note="今天迟到").occurred_on == today


def test_the_pure_guards():
    assert wf.open_blocker(2026, 12, date(2026, 12, 1)) is None
    assert wf.lock_blocker(2026, 12, date(2026, 12, 31), date(2027, 1, 1)) is None
    assert "尚未结束" in wf.lock_blocker(2026, 12, date(2026, 12, 31), date(2026, 12, 31))
    assert wf.entry_date_blocker(2026, 12, None, date(2026, 12, 2)) is None


# ---------------------------------------------------------------------- the bulletin and the state words
def _locked_march(users, hall):
    ev = users["evaluator"]
    m = sheets.open_month(ev, 2026, 3)
    for w, late in zip(hall["windows"], (0, 1, 2, 4, 9), strict=False):
        if late:
            s = _sheet(m, w)
            sheets.add_entry(ev, s, s.row_version, "D1", late, note="迟到")
    s = _sheet(m, hall["windows"][0])
    sheets.add_entry(ev, s, s.row_version, "B1", 1, note="感谢信")
    monthflow.submit(ev, m, m.row_version)
    monthflow.lock(users["admin"], m, PASSWORD, m.row_version, today=date(2026, 4, 7))
    db.session.commit()
    return m


def _bulletin_text(m):
    out = awards.outcome(m)
    stream = publish.bulletin(m, out, awards.warnings(m, out), "示范市行政服务中心", date(2026, 4, 7))
    return "\n".join(p.text for p in DocxDocument(stream).paragraphs)


def test_bulletin_is_a_publicity_draft_until_final_then_final(client, auth, rule, hall, users):
    m = _locked_march(users, hall)
    text = _bulletin_text(m)
    assert "【公示稿】" in text and "公示期至2026年4月10日" in text and "拟授予" in text
    assert "已于" not in text and "获得本月" not in text and "公示期满" not in text
    auth.login(users["auditor"])
    page = client.get("/assessment/2026/3/ranking").get_data(as_text=True)
    assert wf.result_words(wf.PUBLICITY, m.publicity_end) in page and "加分" in page
    rows = list(
        load_workbook(io.BytesIO(client.get("/assessment/2026/3/ranking.xlsx").data)).active.iter_rows(values_only=True)
    )
    assert "公示稿" in rows[0][0]
    bonus_col = rows[1].index("加分")
    assert rows[2][1].startswith("01号") and rows[2][bonus_col] == 1  # 16号's case: 加分 shown beside 扣分
    monthflow.finalise(users["evaluator"], m, m.row_version, today=date(2026, 4, 20))
    db.session.commit()
    text = _bulletin_text(m)
    assert "【公示稿】" not in text and "公示期满" in text and "获得本月“流动红旗”" in text
    assert wf.result_words(wf.FINAL) in client.get("/assessment/2026/3/ranking").get_data(as_text=True)


# ---------------------------------------------------------------------- proposals with their evidence
def _case(window, number, **kw):
    c = Case(
        number=number, window_id=window.id, received_at=datetime(2026, 6, 20, 9), received_on=date(2026, 6, 20), **kw
    )
    db.session.add(c)
    return c


def test_a_late_case_is_charged_once_under_the_heaviest_item_and_named(client, auth, rule, hall, users):
    w = hall["windows"][2]
    late = _case(
        w,
        "BJ2026062402124",
        due_on=date(2026, 7, 3),
        yellow_on=date(2026, 7, 1),
        completed_on=date(2026, 7, 8),
        is_open=False,
    )
    only_yellow = _case(
        w,
        "BJ2026070100001",
        due_on=date(2026, 7, 30),
        yellow_on=date(2026, 7, 28),
        completed_on=date(2026, 7, 29),
        is_open=False,
    )
    db.session.commit()
    ev = users["evaluator"]
    m = sheets.open_month(ev, 2026, 7)
    s = _sheet(m, w)
    sheets.propose(ev, s, s.row_version)
    by = {e.item_code: e for e in s.entries}
    assert set(by) == {"E1", "E2"}  # not E3 (red) for the same case
    assert by["E1"].count == 1 and [x["label"] for x in by["E1"].evidence] == ["BJ2026062402124"]
    assert by["E2"].count == 1 and [x["id"] for x in by["E2"].evidence] == [only_yellow.id]
    assert "同一办件只计一次" in by["E2"].note and "BJ2026062402124（按E1计）" in by["E2"].note
    for e in list(s.entries):
        sheets.decide_proposal(ev, e, True, "", s.row_version)
    assert s.total == 100 - 5 - 1  # was −9 with the case charged under E1, E2 and E3
    db.session.commit()
    auth.login(ev)
    html = client.get(f"/assessment/sheets/{s.id}").get_data(as_text=True)
    assert f'href="/records/cases/{late.id}"' in html and "依据记录" in html


def test_a_scheme_may_charge_each_item(rule, hall, users):
    sv = rule["B/0"]
    sv.scheme_json = sch.to_json(replace(sv.scheme, one_charge_per_case=False))
    w = hall["windows"][2]
    _case(
        w,
        "BJ2026062402124",
        due_on=date(2026, 7, 3),
        yellow_on=date(2026, 7, 1),
        completed_on=date(2026, 7, 8),
        is_open=False,
    )
    db.session.commit()
    m = sheets.open_month(users["evaluator"], 2026, 7)
    s = _sheet(m, w)
    sheets.propose(users["evaluator"], s, s.row_version)
    assert sorted(e.item_code for e in s.entries) == ["E1", "E2", "E3"]


def test_propose_for_all_windows_in_one_action_with_a_summary(client, auth, rule, hall, users):
    _case(
        hall["windows"][1],
        "BJ2026070200002",
        due_on=date(2026, 7, 10),
        yellow_on=date(2026, 7, 8),
        completed_on=date(2026, 7, 14),
        is_open=False,
    )
    db.session.commit()
    m = sheets.open_month(users["evaluator"], 2026, 7)
    db.session.commit()
    auth.login(users["evaluator"])
    r = client.post("/assessment/2026/7/propose", data={"row_version": m.row_version}, follow_redirects=True)
    html = r.get_data(as_text=True)
    assert "已从业务记录为 5 个窗口生成建议 1 条：02号 综合受理2 1 条" in html
    db.session.expire_all()
    assert [len(s.entries) for s in sorted(m.sheets, key=lambda s: s.window_name)] == [0, 1, 0, 0, 0]


# ---------------------------------------------------------------------- clauses cited from the rule in force
def test_an_entry_cites_the_article_in_force_on_its_date_and_keeps_it(rule, hall, users):
    doc = Document(kind="rule", number="SF-ZD-035", seq=35, title="窗口服务规范")
    db.session.add(doc)
    db.session.flush()
    v1 = DocumentVersion(
        document=doc,
        revision="A/0",
        status=APPROVED,
        effective_date=date(2025, 1, 1),
        change_reason="首版",
        content_md="## 第一章 总则\n\n第一条　为了规范窗口服务，制定本规范。\n\n第四条　工作人员应当佩戴工作牌。",
    )
    db.session.add(v1)
    db.session.commit()
    ev = users["evaluator"]
    m = sheets.open_month(ev, 2026, 3)
    s = m.sheets[0]
    with pytest.raises(AssessmentError, match="找不到"):
        sheets.add_entry(
            ev, s, s.row_version, "S1", 1, occurred_on=date(2026, 3, 4), note="未佩戴", article="SF-ZD-035 第四十条"
        )
    e = sheets.add_entry(
        ev, s, s.row_version, "S1", 1, occurred_on=date(2026, 3, 4), note="未佩戴工作牌", article="SF-ZD-035第四条"
    )
    assert (e.article, e.article_version_id, e.article_text) == ("SF-ZD-035 第四条", v1.id, "工作人员应当佩戴工作牌。")
    # a revision in force from April rewrites 第四条; the March entry still cites what it said then
    v2 = DocumentVersion(
        document=doc,
        revision="A/1",
        status=APPROVED,
        effective_date=date(2026, 4, 1),
        change_reason="修订",
        content_md="第一条　为了规范窗口服务，制定本规范。\n\n第四条　工作人员应当佩戴工作牌并保持仪容整洁。",
    )
    db.session.add(v2)
    db.session.commit()
    db.session.expire_all()
    assert e.article_text == "工作人员应当佩戴工作牌。" and e.article_version_id == v1.id
    april = sheets.open_month(ev, 2026, 4)
    s4 = april.sheets[0]
    e4 = sheets.add_entry(
        ev, s4, s4.row_version, "S1", 1, occurred_on=date(2026, 4, 2), note="未佩戴", article="SF-ZD-035 第四条"
    )
    assert e4.article_version_id == v2.id and "仪容整洁" in e4.article_text


# ---------------------------------------------------------------------- the small ones
def test_a_range_item_needs_its_points(rule, hall, users):
    ev = users["evaluator"]
    m = sheets.open_month(ev, 2026, 3)
    s = m.sheets[0]
    with pytest.raises(AssessmentError, match="区间项目"):
        sheets.add_entry(ev, s, s.row_version, "E4", 1, note="审批结果差错")
    assert s.total == 100


def test_nobody_is_elected_without_votes():
    cands = [
        Candidate(1, 11, "甲", 1, 100, votes=0, public_score=100, leader_score=100),
        Candidate(2, 12, "乙", 2, 100, votes=1, public_score=60, leader_score=60),
    ]
    out = combine(cands, voters=10, rules=ExemplarRules(quota_min=2), staff_on_duty=20, windows=2)
    by = {c.name: c for c in out}
    assert not by["甲"].selected and "得票不足" in by["甲"].note and by["乙"].selected
    out = combine(cands, voters=10, rules=ExemplarRules(quota_min=2, min_vote_share=0.2), staff_on_duty=20, windows=2)
    assert [c.name for c in out if c.selected] == []


def test_the_publicity_notice_lists_only_those_elected(rule, hall, users, make_user):
    from tests.assessment.test_exemplars import _voting_cycle

    c = _voting_cycle(users, hall)
    st, evaluator = hall["staff"], users["evaluator"]
    noms = {n.staff_id: n for n in c.nominations}
    ex.vote(make_user("window_staff"), c, [noms[st[2].id].id])
    ex.advance(evaluator, c, ex.SCORING, c.row_version)
    for n in c.nominations:
        ex.set_scores(evaluator, n, 80, None, n.row_version)
    ex.advance(evaluator, c, ex.PUBLICITY, c.row_version, today=date(2026, 4, 7))
    rows = DocxDocument(publish.cycle_results(c, "示范市行政服务中心", date(2026, 4, 7))).tables[0].rows
    assert [r.cells[0].text for r in rows[1:]] == [st[2].name]
    assert [n.staff_name for n in c.nominations if n.selected] == [st[2].name]  # 0 votes: not elected


def test_windows_in_number_order_in_the_excel_detail(rule, hall, users):
    dept_id = hall["windows"][0].department_id
    for number in ("10", "11", "2"):
        db.session.add(Window(number=number, name=f"窗口{number}", department_id=dept_id, opened_on=date(2018, 1, 1)))
    db.session.commit()
    ev = users["evaluator"]
    m = sheets.open_month(ev, 2026, 3)
    for s in m.sheets:
        sheets.add_entry(ev, s, s.row_version, "D1", 1, note="迟到")
    wb = load_workbook(publish.sheets_xlsx(m))
    names = [r[0] for r in wb["评分明细"].iter_rows(min_row=2, values_only=True)]
    numbers = [int(n.split("号")[0]) for n in names]
    assert numbers == sorted(numbers) and numbers[-3:] == [5, 10, 11]


def test_a_second_reading_does_not_charge_the_same_case_again(rule, hall, users):
    w = hall["windows"][2]
    _case(w, "BJ2026070100011", due_on=date(2026, 7, 3), completed_on=date(2026, 7, 8), is_open=False)
    db.session.commit()
    ev = users["evaluator"]
    m = sheets.open_month(ev, 2026, 7)
    s = _sheet(m, w)
    assert sheets.propose(ev, s, s.row_version) == 1
    _case(w, "BJ2026071500012", due_on=date(2026, 7, 20), completed_on=date(2026, 7, 24), is_open=False)
    db.session.commit()
    assert sheets.propose(ev, s, s.row_version) == 1
    second = [e for e in s.entries if e.item_code == "E1"][-1]
    assert second.count == 1 and [x["label"] for x in second.evidence] == ["BJ2026071500012"]
    assert sheets.propose(ev, s, s.row_version) == 0
