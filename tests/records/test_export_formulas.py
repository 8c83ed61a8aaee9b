"""Issue 11 item 8: no exported cell runs as a formula (= + - @ tab CR get a leading apostrophe)."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from app.core.spreadsheet import safe_cell
from app.records import services
from app.records.models import Complaint
from tests.factories import create_center

HOSTILE = ['=HYPERLINK("http://evil.example","点我")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A3)", "\t=1", "\r=1"]


def test_safe_cell_rule():
    for text in HOSTILE:
        assert safe_cell(text) == "'" + text
    assert (
        safe_cell("窗口服务") == "窗口服务" and safe_cell(-2) == -2 and safe_cell(date(2026, 1, 5)) == date(2026, 1, 5)
    )


@pytest.fixture
def center(users):
    return create_center(users["admin"])


def test_complaint_export_has_no_formula(client, auth, users, center):
    for i, text in enumerate(HOSTILE):
        services.save(
            users["admin"],
            Complaint(),
            {
                "number": f"TS-X{i}",
                "received_on": date(2025, 6, 3),
                "content": text,
                "complainant": text,
                "window_id": center["wa"].id,
            },
        )
    auth.login(users["admin"])
    r = client.get("/records/k/complaints/export")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.data)).worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for text in HOSTILE:
        assert "'" + text in texts or ("'" + text).strip() in texts


def test_assessment_sheet_export_has_no_formula(app, users):
    from openpyxl import Workbook

    from app.assessment.services import publish

    wb = Workbook()
    ws = wb.active
    publish._append(ws, HOSTILE)
    assert [c.value for c in ws[1]] == ["'" + t for t in HOSTILE] and not [c for c in ws[1] if c.data_type == "f"]
