"""季评公示 and 效能监督员 against a real database: visits and ratings of a finished quarter,
ranking, the numbered notice (.docx, GB/T 9704 tool), 公示 with an appeal, final."""

import io
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document

from app.core.timeutil import local_today
from app.core.workdays import add_workdays
from app.extensions import db
from app.hall.logic import quarterly as qrules
from app.hall.services import quarterly as svc
from app.hall.services import ratings
from app.hall.services.common import HallError
from app.records.services import cases as case_services

CHECKER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "check_gbt9704.py"


def _last_quarter(today):
    q = qrules.quarter_of(today) - 1
    return (today.year, q) if q else (today.year - 1, 4)


def _rated(hall, on, grade, window):
    user = hall.a if window is hall.wa else hall.b
    c = case_services.register_case(
        user, hall.item, datetime.combine(on, datetime.min.time()).replace(hour=9), "申请人", window_id=window.id
    )
    ratings.rate_case(user, c, grade, on)


def test_quarter_ranked_from_ratings_and_supervisor_visits_then_published_appealed_final(hall, tmp_path):
    today = local_today()
    year, quarter = _last_quarter(today)
    first, last = qrules.quarter_bounds(year, quarter)
    day = add_workdays(first, 10)
    s = svc.appoint(hall.admin, "杭远舟", "市人大代表", "", date(year - 1, 1, 1), None)
    svc.record_visit(hall.evaluator, s, hall.wa.id, day, 80, "窗口人员在岗，引导清楚。")
    svc.record_visit(hall.evaluator, s, hall.wb.id, day, 96, "一次性告知到位。")
    with pytest.raises(HallError, match="0 至 100"):
        svc.record_visit(hall.evaluator, s, hall.wb.id, day, 120, "x")
    for grade in (5, 5, 4):
        _rated(hall, day, grade, hall.wa)
    _rated(hall, day, 3, hall.wb)
    db.session.commit()
    with pytest.raises(HallError, match="尚未结束"):
        svc.refresh(hall.admin, today.year, qrules.quarter_of(today), today)
    review = svc.refresh(hall.admin, year, quarter, today)
    db.session.commit()
    rows = {r["window_id"]: r for r in review.results["rows"]}
    assert rows[hall.wa.id]["public"] == round((5 + 5 + 4) / 3 / 5 * 100, 1) and rows[hall.wa.id]["supervisors"] == 80
    assert rows[hall.wb.id]["combined"] == round((60 + 96) / 2, 1)
    assert rows[hall.wa.id]["place"] == 1  # 86.7 vs 78.0
    (dept,) = review.results["departments"]  # both windows belong to one department
    assert dept["department"] == hall.dept.name and dept["supervisors"] == 88.0
    assert dept["public"] == round((5 + 5 + 4 + 3) / 4 / 5 * 100, 1)
    svc.publish(hall.admin, review, today, review.row_version)
    db.session.commit()
    assert review.notice_number == f"示范服季评〔{today.year}〕1号"
    assert review.publicity_end == add_workdays(today, 5)
    a = svc.appeal(hall.b, review, hall.wb.id, "监督员走访当日系统故障，评分偏低", today)
    db.session.commit()
    with pytest.raises(HallError):
        svc.appeal(hall.a, review, hall.wb.id, "代他窗口申诉", today)
    db.session.rollback()
    with pytest.raises(HallError, match="未复核"):
        svc.finalize(hall.admin, review, add_workdays(today, 6), review.row_version)
    db.session.rollback()
    svc.decide_appeal(hall.evaluator, a, True, "核实属实，按复核分更正", today, corrected_score=90)
    db.session.commit()
    rows = {r["window_id"]: r for r in review.results["rows"]}
    assert rows[hall.wb.id]["combined"] == 90 and rows[hall.wb.id]["place"] == 1 and rows[hall.wa.id]["place"] == 2
    with pytest.raises(HallError, match="期满"):
        svc.finalize(hall.admin, review, today, review.row_version)
    svc.finalize(hall.admin, review, add_workdays(today, 6), review.row_version)
    db.session.commit()
    assert review.status == svc.FINAL
    data = svc.notice_docx(review).getvalue()
    text = "\n".join(c.text for t in Document(io.BytesIO(data)).tables for r in t.rows for c in r.cells)
    assert hall.wa.label in text and "90.0" in text and hall.dept.name in text
    path = tmp_path / "quarter.docx"
    path.write_bytes(data)
    if not CHECKER.exists():
        pytest.fail(f"GB/T 9704 checker missing at {CHECKER}")
    result = subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_supervisor_outside_the_term_cannot_visit(hall):
    today = local_today()
    s = svc.appoint(hall.admin, "柯望舒", "企业代表", "", add_workdays(today, -30), None)
    svc.end_term(hall.admin, s, add_workdays(today, -5), "工作调动", s.row_version)
    with pytest.raises(HallError, match="聘期"):
        svc.record_visit(hall.admin, s, hall.wa.id, today, 90, "走访")
