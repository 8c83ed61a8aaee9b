"""Fixtures for the assessment tests: rule SF-ZD-017 with its three versions and schemes, and a
small hall (one department, windows, staff on the 2026 roster)."""

from datetime import date

import pytest

from app.assessment.logic import schemes as sch
from app.assessment.services.scheme_versions import attach
from app.documents.models import APPROVED, Document, DocumentVersion
from app.extensions import db
from app.records.models import Department, RosterEntry, Staff, Window

VERSIONS = [("A/0", date(2019, 1, 1)), ("A/1", date(2021, 1, 1)), ("B/0", date(2024, 1, 1))]


@pytest.fixture
def rule(app, users):
    """SF-ZD-017 with A/0 (2019), A/1 (2021), B/0 (2024), each approved and carrying its scheme."""
    doc = Document(kind="rule", number=sch.RULE_NUMBER, seq=17, title=sch.RULE_TITLE)
    db.session.add(doc)
    db.session.flush()
    out = {}
    for rev, eff in VERSIONS:
        dv = DocumentVersion(
            document=doc,
            revision=rev,
            content_md=f"# {rev}\n\n第一条　示例。",
            status=APPROVED,
            effective_date=eff,
            change_reason="测试",
        )
        db.session.add(dv)
        db.session.flush()
        out[rev] = attach(users["admin"], dv, sch.BUNDLED[rev]())
    db.session.commit()
    return out


@pytest.fixture
def hall(app, users):
    """One department, windows 01–05 with two staff each on the 2026 roster; the window_staff
    user is staff member 0 of window 01."""
    dept = Department(name="示范市市场监督管理局", short_name="市场监管")
    db.session.add(dept)
    db.session.flush()
    windows, staff = [], []
    names = ["林安", "周晴", "吴越", "郑川", "王悦", "陈默", "刘畅", "黄河", "赵宁", "孙远"]
    for i in range(5):
        w = Window(number=f"0{i + 1}", name=f"综合受理{i + 1}", department_id=dept.id, opened_on=date(2018, 1, 1))
        db.session.add(w)
        db.session.flush()
        windows.append(w)
        for j in range(2):
            s = Staff(name=names[2 * i + j], department_id=dept.id, is_chief_rep=(j == 0))
            db.session.add(s)
            db.session.flush()
            staff.append(s)
            for year in (2025, 2026):
                db.session.add(RosterEntry(year=year, window_id=w.id, staff_id=s.id, position=j + 1))
    users["window_staff"].staff_id = staff[0].id
    db.session.commit()
    return {"windows": windows, "staff": staff}
