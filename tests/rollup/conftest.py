"""A city (the default center) with counties A and B under it and townships A1 (under A) and B1
(under B); each center has the factories' tiny center (windows 6 and 7), a few cases, ratings and
score sheets in June 2026 whose numbers depend on the center (center k: k + 1 cases on time and one
overdue, k + 2 good ratings and one bad, sheets of 90 + k and 80 + k), and its own accounts
(<code>_<role>)."""

from datetime import date
from types import SimpleNamespace

import pytest

from app.assessment.models import AssessmentMonth, SchemeVersion, ScoreSheet
from app.centers.context import acting_in, default_center_id
from app.centers.services import create_center as create_center_row
from app.documents.models import APPROVED, Document, DocumentVersion
from app.extensions import db
from app.records.models import Rating
from tests.factories import create_case, create_center, create_user

ROLES = ("admin", "evaluator", "quality_manager", "doc_manager", "auditor", "window_staff")
TREE = [("A", "甲县政务服务中心", "county", "city"), ("B", "乙县政务服务中心", "county", "city")]
TOWNSHIPS = [("A1", "甲县一镇便民服务中心", "township", "A"), ("B1", "乙县一镇便民服务中心", "township", "B")]
YEAR, MONTH = 2026, 6


def month_rows(admin, shared, k: int) -> None:
    """June 2026 of center k: k + 1 cases closed on time and one overdue (red, closed late), k + 2
    good ratings, one bad, one excluded; a locked month with sheets of 90 + k and 80 + k."""
    item, wa = shared["committed"], shared["wa"]
    for _ in range(k + 1):
        create_case(admin, item, date(2026, 6, 3), window=wa, done=date(2026, 6, 5))
    create_case(admin, item, date(2026, 6, 1), window=wa, done=date(2026, 6, 30))
    for _ in range(k + 2):
        db.session.add(Rating(rated_on=date(2026, 6, 10), grade=5, window_id=wa.id))
    db.session.add(Rating(rated_on=date(2026, 6, 11), grade=1, window_id=shared["wb"].id))
    db.session.add(Rating(rated_on=date(2026, 6, 11), grade=1, window_id=wa.id, excluded_kind="mistaken"))
    doc = Document(kind="rule", number="SF-ZD-017", seq=17, title="窗口考核办法")
    db.session.add(doc)
    db.session.flush()
    dv = DocumentVersion(
        document=doc, revision="A/0", content_md="第一条　示例。", status=APPROVED, change_reason="测试"
    )
    db.session.add(dv)
    db.session.flush()
    scheme = SchemeVersion(document_version_id=dv.id, scheme_json="{}")
    db.session.add(scheme)
    db.session.flush()
    m = AssessmentMonth(year=YEAR, month=MONTH, scheme_version_id=scheme.id, status="locked")
    db.session.add(m)
    db.session.flush()
    db.session.add(ScoreSheet(month_id=m.id, window_id=wa.id, window_name=wa.label, total=90.0 + k))
    db.session.add(ScoreSheet(month_id=m.id, window_id=shared["wb"].id, window_name=shared["wb"].label, total=80.0 + k))
    db.session.commit()


def build_center(code: str, center_id: int, k: int) -> dict:
    with acting_in(center_id):
        people = {role: create_user(role, f"{code.lower()}_{role}") for role in ROLES}
        shared = create_center(people["admin"])
        month_rows(people["admin"], shared, k)
    windows = {name: (shared[name].id, shared[name].label) for name in ("wa", "wb")}
    return {
        "people": people,
        "shared": shared,
        "window": {k: v[0] for k, v in windows.items()},
        "label": {k: v[1] for k, v in windows.items()},
    }


@pytest.fixture
def city(app):
    city_id = default_center_id()
    db.session.commit()
    ids = {"city": city_id}
    for code, name, level, parent in TREE + TOWNSHIPS:
        ids[code] = create_center_row(None, code, name, level, ids[parent]).id
        db.session.commit()
    built = {code: build_center(code, cid, k) for k, (code, cid) in enumerate(ids.items())}
    k_of = {code: k for k, code in enumerate(ids)}
    return SimpleNamespace(ids=ids, k=k_of, built=built)
