"""The audit and review pages through HTTP: they render, forms go through the services, the
.docx downloads are real Word files."""

from datetime import date
from io import BytesIO

from docx import Document as Docx

from app.extensions import db
from app.quality.models import Audit, ManagementReview
from app.quality.services import audits as svc


def test_programme_audit_and_report_pages(qm, client, auth):
    svc.appoint_auditor(qm.manager, qm.reviewer.id)
    db.session.commit()
    auth.login(qm.manager)
    year = date.today().year
    client.post("/quality/audits/programme", data={"year": year})
    page = client.get(f"/quality/audits?year={year}").get_data(as_text=True)
    assert f"{year}年度内部审核方案" in page and "未覆盖的条款" in page and "郑审核" in page
    from app.quality.models import AuditProgramme

    prog = db.session.scalars(db.select(AuditProgramme)).one()
    r = client.post(
        "/quality/audits/new",
        data={
            "programme_id": prog.id,
            "title": "受理过程审核",
            "planned_on": f"{year}-06-01",
            "clauses": "8.5",
            "window_ids": [str(qm.center["wa"].id)],
            "member_ids": [str(qm.reviewer.id)],
        },
    )
    a = db.session.scalars(db.select(Audit)).one()
    assert r.headers["Location"].endswith(f"/quality/audits/{a.id}")
    client.post(f"/quality/audits/{a.id}/checklist")
    db.session.expire_all()
    assert a.items
    # the team member records, performs and issues the report
    auth.logout()
    auth.login(qm.reviewer)
    detail = client.get(f"/quality/audits/{a.id}").get_data(as_text=True)
    assert "finding-form" in detail
    for item in a.items:
        client.post(f"/quality/audits/items/{item.id}", data={"finding": "conform", "evidence": ""})
    client.post(
        f"/quality/audits/{a.id}/perform",
        data={"performed_on": f"{year}-06-01", "summary": "受控", "row_version": a.row_version},
    )
    db.session.expire_all()
    r = client.post(f"/quality/audits/{a.id}/report", data={"row_version": a.row_version}, follow_redirects=True)
    assert "审核报告已发布，没有未关闭的不合格，审核关闭" in r.get_data(as_text=True)
    r = client.get(f"/quality/audits/{a.id}/report.docx")
    assert r.status_code == 200 and "内部审核报告" in [p.text for p in Docx(BytesIO(r.data)).paragraphs]
    # window staff sees the pages, cannot record
    auth.logout()
    auth.login(qm.window)
    assert client.get(f"/quality/audits/{a.id}").status_code == 200
    assert client.post(f"/quality/audits/items/{a.items[0].id}", data={"finding": "conform"}).status_code == 403


def test_review_pages(qm, client, auth):
    auth.login(qm.manager)
    r = client.post("/quality/reviews/new", data={"period_start": "2026-01-01", "period_end": "2026-03-31"})
    rv = db.session.scalars(db.select(ManagementReview)).one()
    assert r.headers["Location"].endswith(f"/quality/reviews/{rv.id}")
    page = client.get(f"/quality/reviews/{rv.id}").get_data(as_text=True)
    assert "9.3.2c4 不合格及纠正措施" in page and "hold-form" in page
    assert client.get(f"/quality/reviews/{rv.id}/report.docx").status_code == 302  # not held yet
    client.post(
        f"/quality/reviews/{rv.id}/hold",
        data={
            "held_on": "2026-04-08",
            "chair": "周立衡",
            "attendees": "各科室",
            "conclusion": "适宜",
            "row_version": rv.row_version,
        },
    )
    client.post(
        f"/quality/reviews/{rv.id}/actions",
        data={"text": "增配取号机", "category": "resource", "owner_id": qm.manager.id, "due_on": "2026-06-30"},
    )
    db.session.expire_all()
    assert [a.text for a in rv.actions] == ["增配取号机"]
    r = client.get(f"/quality/reviews/{rv.id}/report.docx")
    assert r.status_code == 200 and r.data[:2] == b"PK"
    assert "1 项未完成 / 共 1 项" in client.get("/quality/reviews").get_data(as_text=True)


def test_home_page_lists_steps_audits_and_actions(qm, client, auth):
    from app.quality.services import nonconformities as nc_svc
    from app.quality.services import reviews as rv_svc

    nc = nc_svc.open_nc(
        qm.manager,
        source="staff_report",
        title="未挂牌上岗",
        iso_clause="7.3",
        owner_id=qm.window.id,
        today=date(2026, 1, 5),
    )
    svc.appoint_auditor(qm.manager, qm.reviewer.id)
    prog = svc.create_programme(qm.manager, 2026)
    a = svc.plan_audit(
        qm.manager, prog, title="受理过程审核", planned_on=date(2026, 2, 3), clauses="8.5", member_ids=[qm.reviewer.id]
    )
    r = rv_svc.create(qm.manager, date(2025, 7, 1), date(2025, 12, 31))
    rv_svc.hold(qm.manager, r, date(2026, 1, 8), "周立衡", "各科室", "适宜")
    rv_svc.add_action(qm.manager, r, "增配取号机", "resource", qm.reviewer.id, date(2026, 1, 30))
    db.session.commit()
    auth.login(qm.window)
    home = client.get("/").get_data(as_text=True)
    assert f"不合格 {nc.number} 待您纠正" in home and "（已逾期）" in home
    auth.logout()
    auth.login(qm.reviewer)
    home = client.get("/").get_data(as_text=True)
    assert f"内部审核 {a.number}“受理过程审核”待实施" in home and f"管理评审 {r.number} 措施：增配取号机" in home
    auth.logout()
    auth.login(qm.manager)
    page = client.get("/quality/").get_data(as_text=True)
    assert "逾期的评审措施 1 项" in page and "年内部审核覆盖" in page
