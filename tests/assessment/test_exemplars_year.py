"""The 年度“服务标兵” page and certificate on a real database: final 2025 cycles rolled up,
the late-mark bar from the attendance records, per role, and the .docx against GB/T 9704."""

import io
import subprocess
import sys
from datetime import date

import pytest
from docx import Document as DocxDocument

from app.assessment.queries import exemplar_year
from app.assessment.services import exemplars as ex
from app.assessment.services import sheets
from app.auth.roles import ALL_ROLES
from app.extensions import db
from app.records.models import Attendance
from tests.assessment.test_views import CHECKER


def _final_cycle(users, month, staff):
    ev = users["evaluator"]
    c = ex.create_cycle(ev, "month", 2025, month)
    n = ex.nominate(ev, c, staff.id, "服务热情")
    ex.advance(ev, c, ex.VOTING, c.row_version)
    ex.vote(ev, c, [n.id])
    ex.advance(ev, c, ex.SCORING, c.row_version)
    ex.set_scores(ev, n, 90, None, n.row_version)
    ex.advance(ev, c, ex.PUBLICITY, c.row_version, today=date(2025, month + 1, 2))
    ex.advance(ev, c, ex.FINAL, c.row_version, today=date(2025, month + 1, 27))
    return c


@pytest.fixture
def year2025(rule, hall, users):
    """2025: 吴越 (window 02) selected in January and February but late 5 times in October;
    林安 (window 01) selected in March. January is an assessed month."""
    st, w = hall["staff"], hall["windows"]
    sheets.open_month(users["evaluator"], 2025, 1)
    for m, person in ((1, st[2]), (2, st[2]), (3, st[0])):
        _final_cycle(users, m, person)
    db.session.add_all(
        [
            Attendance(staff_id=st[2].id, window_id=w[1].id, day=date(2025, 10, d), slot="am", status="late")
            for d in (6, 7, 8, 9, 10)
        ]
    )
    db.session.commit()
    return hall


def test_roll_up_from_the_database(year2025, users):
    st = year2025["staff"]
    v = exemplar_year.year_view(2025, date(2026, 1, 10))
    assert v.decided and v.quota == 1 and len(v.final_cycles) == 3
    by = {r.staff_id: r for r in v.rows}
    assert by[st[2].id].times == 2 and by[st[2].id].late_year == 5 and not by[st[2].id].selected
    assert "第八条" in by[st[2].id].note
    assert by[st[0].id].selected and by[st[0].id].year_score == 100 and by[st[0].id].periods == ["2025年3月"]
    # before the year is over the roll-up is only a preview
    assert not exemplar_year.year_view(2025, date(2025, 12, 31)).decided


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_page_and_certificate_per_role(client, auth, year2025, users, role, tmp_path):
    st = year2025["staff"]
    auth.login(users[role])
    page = client.get("/assessment/exemplars/year/2025")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2025年度“服务标兵”" in text and "年度服务标兵" in text and "第八条" in text
    assert "当选 2 期：2025年1月、2025年2月" in text and "全年迟到、早退 5 次" in text
    cert = client.get(f"/assessment/exemplars/year/2025/certificate/{st[0].id}.docx")
    assert cert.status_code == 200 and cert.data[:2] == b"PK"
    body = "".join(p.text for p in DocxDocument(io.BytesIO(cert.data)).paragraphs)
    assert st[0].name in body and "2025年度“服务标兵”" in body
    # the barred person gets no certificate
    assert client.get(f"/assessment/exemplars/year/2025/certificate/{st[2].id}.docx").status_code == 404
    if role == "auditor":  # the checker runs for real (../shared sits beside the clone)
        assert CHECKER.exists(), f"GB/T 9704 checker missing at {CHECKER} (../shared sits beside the clone in CI)"
        path = tmp_path / "annual.docx"
        path.write_bytes(cert.data)
        done = subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_open_cycle_or_unfinished_year_gives_no_certificate(client, auth, year2025, users):
    st = year2025["staff"]
    ex.create_cycle(users["evaluator"], "month", 2025, 4)  # still nominating: left out, and blocks the title
    auth.login(users["window_staff"])
    text = client.get("/assessment/exemplars/year/2025").get_data(as_text=True)
    assert "尚有 1 期评选未定稿（2025年4月）" in text and "预排，未定" in text
    assert client.get(f"/assessment/exemplars/year/2025/certificate/{st[0].id}.docx").status_code == 404
    page = client.get("/assessment/exemplars/year/2099").get_data(as_text=True)
    assert "尚未结束" in page and "还没有已定稿的评选当选人员" in page
    assert client.get("/assessment/exemplars/year/1999").status_code == 404
    assert "2025年度" in client.get("/assessment/exemplars").get_data(as_text=True)


@pytest.mark.browser
def test_year_page_in_chromium(live_server, browser_page, year2025, users):
    from tests.conftest import browser_login

    page = browser_page
    browser_login(page, live_server, users["window_staff"].username)
    page.goto(live_server + "/assessment/exemplars")
    page.click("text=2025年度")
    page.wait_for_url("**/exemplars/year/2025")
    assert page.locator("h1").inner_text().startswith("2025年度“服务标兵”")
    rows = page.locator("table.table tbody tr")
    assert rows.count() == 2 and "年度服务标兵" in rows.nth(0).inner_text()
    page.screenshot(path="tests/_screenshots/assessment_exemplars_year.png", full_page=True)
