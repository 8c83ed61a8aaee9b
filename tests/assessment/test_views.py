"""Pages and files: forms re-show input, the concurrent save over HTTP, role by role workflow
permissions, attachments, exports (.docx checked against GB/T 9704, .xlsx), charts, schemes."""

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.assessment.models import ScoreSheet
from app.assessment.services import monthflow, sheets
from app.auth.roles import ALL_ROLES
from app.documents.models import DRAFT, DocumentVersion
from app.extensions import db
from tests.conftest import PASSWORD

CHECKER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "check_gbt9704.py"


def _month(users, y=2026, m=3):
    month = sheets.open_month(users["evaluator"], y, m)
    db.session.commit()  # a test commits for itself (the services flush)
    return month


def test_evaluator_scores_through_the_form(client, auth, rule, hall, users):
    m = _month(users)
    s = m.sheets[0]
    auth.login(users["evaluator"])
    page = client.get(f"/assessment/sheets/{s.id}")
    assert page.status_code == 200 and "新增记录" in page.get_data(as_text=True)
    bad = client.post(
        f"/assessment/sheets/{s.id}/entries",
        data={"row_version": s.row_version, "item_code": "D1", "count": "2", "note": ""},
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "请填写事实依据" in html
    ok = client.post(
        f"/assessment/sheets/{s.id}/entries",
        data={
            "row_version": s.row_version,
            "item_code": "D1",
            "count": "2",
            "note": "3月2日两人迟到",
            "occurred_on": "2026-03-02",
        },
        follow_redirects=True,
    )
    html = ok.get_data(as_text=True)
    assert "已记入评分表" in html and "98 分" in html and "迟到、早退 2人次×1 = 2" in html


def test_second_evaluator_refused_over_http_and_input_kept(client, auth, rule, hall, users, make_user):
    m = _month(users)
    s = m.sheets[0]
    stale = s.row_version
    sheets.add_entry(users["evaluator"], s, stale, "D1", 1, note="第一位考评员的记录")
    other = make_user("evaluator")
    auth.login(other)
    r = client.post(
        f"/assessment/sheets/{s.id}/entries",
        data={"row_version": stale, "item_code": "S1", "count": "1", "note": "第二位考评员写的依据"},
    )
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "已被他人修改" in html and "第二位考评员写的依据" in html
    db.session.expire_all()
    s = db.session.get(ScoreSheet, s.id)
    assert [e.note for e in s.entries] == ["第一位考评员的记录"]


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_workflow_permissions_per_role(client, auth, rule, hall, users, role):
    """submit: evaluator/admin; lock: evaluator/admin; reopen: admin; appeal: window staff."""
    m = _month(users)
    auth.login(users[role])
    r = client.post("/assessment/2026/3/submit", data={"row_version": m.row_version})
    assert (r.status_code == 403) == (role not in ("admin", "evaluator"))
    db.session.expire_all()
    if m.status != "submitted":
        monthflow.submit(users["evaluator"], m, m.row_version)
        db.session.commit()
    r = client.post(
        "/assessment/2026/3/review", data={"step": "lock", "password": PASSWORD, "row_version": m.row_version}
    )
    assert (r.status_code == 403) == (role not in ("admin", "evaluator"))
    db.session.expire_all()
    if m.status != "publicity":
        # someone other than who submitted (segregation of duties)
        monthflow.lock(users["evaluator" if role == "admin" else "admin"], m, PASSWORD, m.row_version)
        db.session.commit()
    sheet = next(s for s in m.sheets if s.window_id == hall["windows"][0].id)
    r = client.post(f"/assessment/sheets/{sheet.id}/appeal", data={"reasons": "对本月考核结果有异议，请复核"})
    assert (r.status_code == 403) == (role != "window_staff")
    r = client.post("/assessment/2026/3/reopen", data={"reason": "更正录入错误", "row_version": m.row_version})
    assert (r.status_code == 403) == (role != "admin")
    db.session.expire_all()
    assert m.status == ("scoring" if role == "admin" else "publicity")


def test_attachment_checked_stored_and_served(client, auth, rule, hall, users, app):
    m = _month(users)
    s = m.sheets[0]
    auth.login(users["evaluator"])
    fake = client.post(
        f"/assessment/sheets/{s.id}/entries",
        content_type="multipart/form-data",
        data={
            "row_version": s.row_version,
            "item_code": "A2",
            "count": "1",
            "note": "卫生不洁",
            "attachment": (io.BytesIO(b"MZ not a pdf"), "evidence.pdf"),
        },
    )
    assert "附件内容与扩展名不符" in fake.get_data(as_text=True)
    exe = client.post(
        f"/assessment/sheets/{s.id}/entries",
        content_type="multipart/form-data",
        data={
            "row_version": s.row_version,
            "item_code": "A2",
            "count": "1",
            "note": "卫生不洁",
            "attachment": (io.BytesIO(b"MZ"), "tool.exe"),
        },
    )
    assert "附件只能是" in exe.get_data(as_text=True)
    ok = client.post(
        f"/assessment/sheets/{s.id}/entries",
        content_type="multipart/form-data",
        data={
            "row_version": s.row_version,
            "item_code": "A2",
            "count": "1",
            "note": "卫生不洁",
            "attachment": (io.BytesIO(b"%PDF-1.4 photo"), "巡查照片.pdf"),
        },
        follow_redirects=True,
    )
    assert "巡查照片.pdf" in ok.get_data(as_text=True)
    entry = db.session.get(ScoreSheet, s.id).entries[0]
    assert os.path.exists(os.path.join(app.config["UPLOAD_DIR"], "assessment", entry.attachment_path))
    got = client.get(f"/assessment/entries/{entry.id}/attachment")
    assert got.status_code == 200 and got.data.startswith(b"%PDF")


def _final_month(users, hall):
    ev = users["evaluator"]
    m = _month(users)
    for w, late in zip(hall["windows"], (0, 1, 2, 4, 9), strict=False):
        s = next(x for x in m.sheets if x.window_id == w.id)
        if late:
            sheets.add_entry(ev, s, s.row_version, "D1", late, note="迟到")
    monthflow.submit(ev, m, m.row_version)
    monthflow.lock(users["admin"], m, PASSWORD, m.row_version, today=date(2026, 4, 7))
    monthflow.finalise(ev, m, m.row_version, today=date(2026, 4, 30))
    return m


def test_bulletin_docx_passes_the_gbt9704_check(client, auth, rule, hall, users, tmp_path):
    _final_month(users, hall)
    auth.login(users["auditor"])
    r = client.get("/assessment/2026/3/bulletin.docx")
    assert r.status_code == 200 and r.data[:2] == b"PK"
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(r.data)).paragraphs)
    assert "2026年3月" in text and "流动红旗" in text and "示范服考〔2026〕3号" in text
    if not CHECKER.exists():  # a check that silently vanishes is not a check
        pytest.fail(f"GB/T 9704 checker missing at {CHECKER} (../shared sits beside the clone in CI)")
    path = tmp_path / "bulletin.docx"
    path.write_bytes(r.data)
    done = subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_excel_exports_and_charts(client, auth, rule, hall, users):
    _final_month(users, hall)
    auth.login(users["window_staff"])
    wb = load_workbook(io.BytesIO(client.get("/assessment/2026/3/ranking.xlsx").data))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[2][0] == 1 and rows[2][-2] == "红旗" and len(rows) == 2 + 5
    wb2 = load_workbook(io.BytesIO(client.get("/assessment/2026/3/sheets.xlsx").data))
    assert wb2.sheetnames == ["评分明细", "得分"] and wb2["评分明细"].max_row == 1 + 4
    w = hall["windows"][0].id
    for url in (
        f"/assessment/windows/{w}/trend.svg",
        "/assessment/flags/2026.svg",
        f"/assessment/sheets/{db.session.scalars(db.select(ScoreSheet)).first().id}/breakdown.svg",
    ):
        r = client.get(url)
        assert r.status_code == 200 and r.mimetype == "image/svg+xml" and b"<svg" in r.data
    flags = client.get("/assessment/flags?year=2026").get_data(as_text=True)
    assert "综合受理1" in flags and "⚑" in flags
    ranking = client.get("/assessment/2026/3/ranking").get_data(as_text=True)
    assert "末位" in ranking and "已定稿" in ranking


def test_scheme_edit_on_a_draft_then_in_force(client, auth, rule, hall, users):
    b0 = rule["B/0"].document_version
    draft = DocumentVersion(document_id=b0.document_id, revision="B/1", content_md="修订稿", status=DRAFT)
    db.session.add(draft)
    db.session.commit()
    auth.login(users["evaluator"])
    assert client.get(f"/assessment/schemes/draft/{draft.id}").status_code == 403
    auth.logout()
    auth.login(users["doc_manager"])
    page = client.get(f"/assessment/schemes/draft/{draft.id}").get_data(as_text=True)
    assert "百分制考核方案（B/0）" in page  # the draft starts from the newest scheme
    import json

    from app.assessment.logic import schemes as sch

    data = sch.to_dict(sch.default_scheme())
    data["name"], data["bonus_cap"] = "百分制考核方案（B/1）", 8
    bad = client.post(f"/assessment/schemes/draft/{draft.id}", data={"mode": "json", "scheme_json": "{oops"})
    assert bad.status_code == 400 and "JSON 格式有误" in bad.get_data(as_text=True)
    import re

    def loaded_version():  # the edit form carries the version it was loaded with (issue 11)
        page = client.get(f"/assessment/schemes/draft/{draft.id}").get_data(as_text=True)
        found = re.search(r'name="row_version"[^>]*value="(\d*)"', page) or re.search(
            r'value="(\d*)"[^>]*name="row_version"', page
        )
        return found.group(1) if found else ""

    ok = client.post(
        f"/assessment/schemes/draft/{draft.id}",
        data={"mode": "json", "row_version": loaded_version(), "scheme_json": json.dumps(data, ensure_ascii=False)},
        follow_redirects=True,
    )
    assert "已保存" in ok.get_data(as_text=True)
    # the numbers form: a typo is refused and re-shown, a valid change saved on top of B/1
    from app.assessment.logic import scheme_form

    values = scheme_form.values_of(sch.from_dict(data))
    typo = client.post(f"/assessment/schemes/draft/{draft.id}", data=dict(values, mode="form", **{"p-D1": "1分"}))
    assert (
        typo.status_code == 400
        and "不是数字" in typo.get_data(as_text=True)
        and 'value="1分"' in typo.get_data(as_text=True)
    )
    form_ok = client.post(
        f"/assessment/schemes/draft/{draft.id}",
        data=dict(values, mode="form", row_version=loaded_version(), **{"rf-threshold": "96"}),
    )
    assert form_ok.status_code == 302
    # approved with an effective date: months from then on use it; earlier months keep B/0
    draft.status, draft.effective_date = "approved", date(2026, 6, 1)
    db.session.commit()
    may, june = _month(users, 2026, 5), _month(users, 2026, 6)
    assert may.scheme_version.scheme.bonus_cap == 10 and june.scheme_version.scheme.bonus_cap == 8
    assert june.scheme_version.scheme.red_flag.threshold == 96
    refused = client.post(
        f"/assessment/schemes/draft/{draft.id}", data={"mode": "json", "scheme_json": json.dumps(data)}
    )
    assert "只有草稿版本" in refused.get_data(as_text=True)
