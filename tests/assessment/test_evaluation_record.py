"""GB/T 32169.4-2015 evaluation record (issue 14 item 5): the four indicator groups of section 6
per window from a table of records, the plan / material / summary page, the Excel sheet and the
bulletin section."""

import io
from datetime import date, datetime

from docx import Document as DocxDocument
from openpyxl import load_workbook

from app.assessment.logic.evaluation import CaseRow, ComplaintRow, evaluate
from app.assessment.services import sheets
from app.extensions import db
from app.records.models import Case, CaseEvent, Complaint, Rating

MARCH = (date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 15))


def test_the_four_indicator_groups_from_a_table_of_records():
    cases = [
        CaseRow(date(2026, 3, 2), is_instant=True, completed_on=date(2026, 3, 2), due_on=date(2026, 3, 2)),  # on time
        CaseRow(date(2026, 3, 3), completed_on=date(2026, 3, 5), due_on=date(2026, 3, 10)),  # early
        CaseRow(date(2026, 3, 4), completed_on=date(2026, 3, 20), due_on=date(2026, 3, 18)),  # late
        CaseRow(
            date(2026, 3, 9),
            completed_on=date(2026, 3, 9),
            due_on=date(2026, 3, 20),
            refused=True,
            refused_on=date(2026, 3, 9),
            reason="",
        ),  # 不予受理 without a reason
        CaseRow(
            date(2026, 2, 20),
            completed_on=date(2026, 3, 25),
            due_on=date(2026, 3, 30),
            stopped_workdays=12,
            limit_days=10,
        ),  # received in February, stood still longer than its limit
    ]
    complaints = [
        ComplaintRow(date(2026, 3, 5), valid=True, deadline_on=date(2026, 3, 12), replied_on=date(2026, 3, 11)),
        ComplaintRow(date(2026, 3, 6), valid=False, deadline_on=date(2026, 3, 13), replied_on=date(2026, 3, 16)),
        ComplaintRow(date(2026, 3, 30), valid=None, deadline_on=None),
    ]
    e = evaluate(1, "01号 综合受理1", *MARCH, cases, [5, 4, 3, 2, 5], complaints)
    assert (e.received, e.instant, e.completed, e.on_time, e.early) == (4, 1, 5, 4, 3)
    assert (e.on_time_rate, e.instant_share) == (80.0, 25.0)
    assert e.satisfaction_rate == 80.0  # 4 of 5 graded 基本满意 or better
    assert (e.overdue, e.refused_without_reason, e.over_suspended, e.abnormal) == (1, 1, 1, 3)
    assert (e.complaints, e.upheld, e.complaints_due, e.answered_on_time, e.complaint_on_time_rate) == (
        3,
        1,
        2,
        1,
        50.0,
    )
    assert [p.split("：")[0] for p in e.improvements] == ["办事效率", "服务满意", "异常办理", "异常办理", "投诉处理"]
    assert evaluate(1, "x", *MARCH, [], [], []).on_time_rate is None


def test_the_record_page_excel_and_bulletin(client, auth, rule, hall, users):
    w = hall["windows"][0]
    late = Case(
        number="BJ2026030300001",
        window_id=w.id,
        received_at=datetime(2026, 3, 3, 9),
        received_on=date(2026, 3, 3),
        due_on=date(2026, 3, 10),
        completed_on=date(2026, 3, 12),
        is_open=False,
        state="completed",
        outcome="approved",
    )
    refused = Case(
        number="BJ2026030400002",
        window_id=w.id,
        received_at=datetime(2026, 3, 4, 9),
        received_on=date(2026, 3, 4),
        completed_on=date(2026, 3, 4),
        is_open=False,
        state="not_accepted",
    )
    db.session.add_all(
        [
            late,
            refused,
            Rating(window_id=w.id, rated_on=date(2026, 3, 5), grade=5),
            Complaint(number="TS-2026-009", received_on=date(2026, 3, 6), window_id=w.id, valid=True),
        ]
    )
    db.session.flush()
    db.session.add(CaseEvent(case_id=refused.id, kind="not_accept", on=date(2026, 3, 4), note=""))
    db.session.commit()
    m = sheets.open_month(users["evaluator"], 2026, 3)
    db.session.commit()
    auth.login(users["auditor"])
    html = client.get("/assessment/2026/3/evaluation").get_data(as_text=True)
    assert "一、评价方案" in html and "二、评价材料" in html and "四、总结与改进提高" in html
    assert "不予受理或不予许可未写明理由" in html and "SF-ZD-017 B/0" in html
    wb = load_workbook(io.BytesIO(client.get("/assessment/2026/3/ranking.xlsx").data))
    ev_rows = list(wb["窗口服务评价"].iter_rows(values_only=True))
    first = next(r for r in ev_rows if r[0] == m.sheets[0].window_name or (r[0] or "").startswith("01号"))
    assert first[1] == 100 and first[2] == 50.0 and first[5] == 100.0 and first[7] == 1 and first[9] == 1
    text = "\n".join(
        p.text for p in DocxDocument(io.BytesIO(client.get("/assessment/2026/3/bulletin.docx").data)).paragraphs
    )
    assert "窗口服务评价情况" in text and "GB/T 32169.4-2015" in text
