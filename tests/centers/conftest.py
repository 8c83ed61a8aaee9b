"""A city and two counties under it, each with the same-shaped data (the factories' tiny center) and
rows only it has, whose text names the center ("甲县专属…", "乙县专属…"): a page of one county that
shows the other's marker leaks across centers."""

from datetime import date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.auth.roles import ALL_ROLES
from app.centers.context import acting_in, default_center_id
from app.centers.services import create_center as create_center_row
from app.documents import services as documents
from app.documents.models import DocumentVersion
from app.extensions import db
from app.quality.services import nonconformities
from app.records import services as records
from app.records.models import Complaint, Department, ServiceItem, Staff, Window
from app.records.services import cases as case_services
from tests.factories import PASSWORD, create_center, create_user

MARKERS = {"city": "本市专属", "A": "甲县专属", "B": "乙县专属"}


def _own_rows(admin, marker: str) -> dict:
    """Rows only this center has; every text field carries the marker."""
    dept = records.save(admin, Department(), {"name": f"{marker}局", "short_name": marker[:2]})
    window = records.save(
        admin,
        Window(),
        {"number": "99", "name": f"{marker}窗口", "department_id": dept.id, "opened_on": date(2020, 1, 1)},
    )
    staff = records.save(admin, Staff(), {"name": f"{marker}人", "department_id": dept.id})
    item = records.create_item(
        admin,
        ServiceItem(code="SX-099", name=f"{marker}事项", department_id=dept.id, window_id=window.id),
        {"handling_class": "committed", "legal_limit_days": 20, "committed_limit_days": 5},
        date(2024, 1, 1),
    )
    case = case_services.register_case(
        admin, item, datetime(2026, 6, 3, 9, 30), f"{marker}申请人", window_id=window.id, applicant_phone="13900000000"
    )
    complaint = records.save(
        admin,
        Complaint(),
        {
            "received_on": date(2026, 6, 3),
            "content": f"{marker}投诉内容",
            "complainant": f"{marker}投诉人",
            "contact": "13700000000",
            "window_id": window.id,
        },
    )
    document = documents.create_document(admin, "rule", f"{marker}制度", content_md="第一条　" + marker + "条文。")
    nc = nonconformities.open_nc(
        admin,
        source="complaint",
        title=f"{marker}不合格",
        window_id=window.id,
        iso_clause="8.5.1",
        today=date(2026, 6, 3),
    )
    db.session.commit()
    version = db.session.scalar(select(DocumentVersion).where(DocumentVersion.document_id == document.id))
    return {
        "version": version,
        "dept": dept,
        "window": window,
        "staff": staff,
        "item": item,
        "case": case,
        "complaint": complaint,
        "document": document,
        "nc": nc,
    }


def _handed_down_rows(ids, people) -> dict:
    """Issue 13 item 2: a city rule handed down (its text says 本市下发, which county A may read), a
    draft of its next revision (本市专属: the city's own), and county B's 补充规定 and 本地版本 of it
    (乙县专属: in force in B only)."""
    from app.documents.services import handed_down
    from tests.factories import approve

    made = {}
    for code in ("city", "B"):
        with acting_in(ids[code]):
            reviewer = create_user("doc_manager", f"{code.lower()}_reviewer2")
            for kind in ("rule",):
                setting = documents.kind_setting(kind)
                setting.reviewer_ids, setting.approver_id = str(reviewer.id), people[code]["admin"].id
            db.session.commit()
            team = SimpleNamespace(
                author=people[code]["doc_manager"], reviewer=reviewer, approver=people[code]["admin"], password=PASSWORD
            )
            if code == "city":
                rule = documents.create_document(
                    team.author, "rule", "本市下发窗口规范", content_md="第一条　本市下发条文。"
                )
                db.session.commit()
                approve(team, rule.versions[0], date(2026, 1, 1))
                documents.create_draft(team.author, rule, content_md="第一条　本市专属修订草稿。", change_reason="修订")
                db.session.commit()
                made["rule"] = rule.id
                continue
            for kind, text in (
                ("supplement", "第一条　乙县专属补充。"),
                ("local_version", "第一条　乙县专属本地版本。"),
            ):
                doc = handed_down.attach_variant(team.author, rule, kind, content_md=text)
                db.session.commit()
                approve(team, doc.versions[0], date(2026, 2, 1))
                made[kind] = doc.id
    return made


@pytest.fixture
def counties(app):
    city_id = default_center_id()
    db.session.commit()
    a = create_center_row(None, "A", "甲县政务服务中心", "county", city_id)
    b = create_center_row(None, "B", "乙县政务服务中心", "county", city_id)
    db.session.commit()
    ids = {"city": city_id, "A": a.id, "B": b.id}
    people, shared, own = {}, {}, {}
    for code, center_id in ids.items():
        with acting_in(center_id):
            people[code] = {role: create_user(role, f"{code.lower()}_{role}") for role in sorted(ALL_ROLES)}
            shared[code] = create_center(people[code]["admin"])
            own[code] = _own_rows(people[code]["admin"], MARKERS[code])
    db.session.commit()
    handed = _handed_down_rows(ids, people)
    own_ids = {code: {kind: row.id for kind, row in rows.items()} for code, rows in own.items()}
    own_ids["city"]["handed_down"] = handed["rule"]
    own_ids["B"]["supplement"] = handed["supplement"]
    own_ids["B"]["local_version"] = handed["local_version"]
    for code in own_ids:
        own_ids[code]["user"] = people[code]["admin"].id
        own_ids[code]["center"] = ids[code]  # the roll-up's drill-down names centers (app/rollup)
    numbers = {code: {"case": rows["case"].number, "complaint": rows["complaint"].number} for code, rows in own.items()}
    return SimpleNamespace(
        ids=ids, people=people, shared=shared, own=own, own_ids=own_ids, numbers=numbers, markers=MARKERS
    )
