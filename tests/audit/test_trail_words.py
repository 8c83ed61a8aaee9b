"""The audit trail in words (issue 14, audit trail): people by name, objects by what they are, refused
pages and permissions and reasons in Chinese, filters by words and China-date range, Excel export."""

import io
from datetime import datetime

from openpyxl import load_workbook

from app.audit.models import AuditEntry
from app.audit.services import record
from app.documents import services as documents
from app.extensions import db


def _entry(user, action, object_type, object_id, details, at=None):
    entry = record(user, action, object_type, object_id, details)
    db.session.commit()
    return entry


def test_people_objects_pages_permissions_and_reasons_in_words(client, users, auth):
    doc = documents.create_document(
        users["doc_manager"], "rule", "窗口服务规定", "窗口管理", "综合科", 12, "all", "第一条　挂牌上岗。\n"
    )
    db.session.commit()
    version = doc.versions[0]
    _entry(
        users["window_staff"],
        "denied",
        "route",
        "records.kind_new",
        {"permission": "records.edit", "path": "/records/k/complaints/new"},
    )
    _entry(
        users["approver"] if "approver" in users else users["admin"],
        "sign_refused",
        "document_version",
        version.id,
        {"reason": "bad password"},
    )
    auth.login(users["auditor"])
    page = client.get("/audit/").get_data(as_text=True)
    assert f"文件版本 {doc.number} A/0《窗口服务规定》" in page
    assert "页面 业务记录的页面" in page and "所需权限</span>：登记和修改业务记录" in page
    assert "records.edit" not in page and "records.kind_new" not in page
    assert "原因</span>：密码错误" in page and "bad password" not in page
    name = users["window_staff"].display_name
    assert f'title="登录名 window_staff">{name}</span>' in page
    assert "对象类型代码" not in page and '<option value="rec_cases" >办件</option>' in page


def test_filter_by_person_object_and_china_dates(client, users, auth):
    staff, admin = users["window_staff"], users["admin"]
    early = _entry(staff, "create", "rec_cases", 1, {"number": "BJ-早"})
    late = _entry(admin, "create", "rec_complaints", 2, {"number": "TS-晚"})
    # 2026-12-01 15:59 UTC is 23:59 on 1 December in China; 16:00 UTC is already 2 December
    db.session.execute(db.update(AuditEntry).where(AuditEntry.id == early.id).values(at=datetime(2026, 12, 1, 15, 59)))
    db.session.execute(db.update(AuditEntry).where(AuditEntry.id == late.id).values(at=datetime(2026, 12, 1, 16, 0)))
    db.session.commit()
    auth.login(users["auditor"])
    by_day = client.get("/audit/?date_from=2026-12-02&date_to=2026-12-02").get_data(as_text=True)
    assert "TS-晚" in by_day and "BJ-早" not in by_day
    by_day = client.get("/audit/?date_from=2026-12-01&date_to=2026-12-01").get_data(as_text=True)
    assert "BJ-早" in by_day and "TS-晚" not in by_day
    by_person = client.get(f"/audit/?user_id={staff.id}").get_data(as_text=True)
    assert "BJ-早" in by_person and "TS-晚" not in by_person
    assert f'<option value="{staff.id}" selected>{staff.display_name}</option>' in by_person
    by_object = client.get("/audit/?object_type=rec_complaints").get_data(as_text=True)
    assert "TS-晚" in by_object and "BJ-早" not in by_object
    bad = client.get("/audit/?date_from=2026-13-40&object_type=rec_cases")
    text = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "起始日期“2026-13-40”不是有效日期" in text
    assert 'value="2026-13-40"' in text and "BJ-早" in text  # what was typed is kept, the rest still applies


def test_excel_export_in_words_without_formulas_and_itself_audited(client, users, auth, make_user):
    prankster = make_user("window_staff", display_name='=HYPERLINK("http://x","点我")')
    _entry(users["window_staff"], "create", "rec_cases", 1, {"number": "BJ1"})
    _entry(prankster, "update", "rec_cases", 1, {"number": "BJ1"})
    auth.login(users["auditor"])
    response = client.get("/audit/export?object_type=rec_cases")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    ws = load_workbook(io.BytesIO(response.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("序号", "时间", "人员", "登录名", "操作", "对象")
    assert rows[2][2] == users["window_staff"].display_name and rows[2][4] == "创建" and rows[2][5] == "办件 1"
    assert rows[2][6] == "编号：BJ1"
    assert rows[1][2] == "'" + prankster.display_name  # shown as text, never run as a formula
    assert all(not (isinstance(c, str) and c.startswith("=")) for row in rows for c in row)
    exported = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "export")).all()
    assert [(e.object_type, e.user_id) for e in exported] == [("audit_entries", users["auditor"].id)]


def test_the_quality_rooms_entries_read_in_words(client, users, auth):
    from app.quality.models import Nonconformity

    nc = Nonconformity(
        number="BHG-2026-009",
        source="complaint",
        title="窗口推诿",
        found_on=datetime(2026, 11, 3).date(),
        severity="major",
    )
    db.session.add(nc)
    db.session.flush()
    _entry(
        users["admin"],
        "step",
        "nonconformity",
        nc.id,
        {"number": nc.number, "step": "cause", "cause_method": "5why", "severity": "major"},
    )
    _entry(users["admin"], "import", "document", 999, {"kind": "rule"})
    auth.login(users["auditor"])
    page = client.get("/audit/").get_data(as_text=True)
    assert "不合格 BHG-2026-009" in page and "推进步骤" in page
    assert "原因分析方法</span>：5个为什么" in page and "严重程度</span>：严重" in page
    assert "类别</span>：规章制度" in page
