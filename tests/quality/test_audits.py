"""Internal audits through the services on a real database: independence of the team, the
checklist from the documents in force, findings that open nonconformities, the .docx report and
closure with the last nonconformity."""

from datetime import date
from io import BytesIO

import pytest
from docx import Document as Docx

from app.documents import services as docs
from app.extensions import db
from app.quality import queries
from app.quality.logic import reports
from app.quality.models import Nonconformity
from app.quality.services import audits as svc
from app.quality.services import nonconformities as nc_svc
from app.quality.services.common import QualityError
from app.records.models import Department
from tests.factories import approve

from .conftest import check_gbt9704

ON = date(2026, 3, 10)


@pytest.fixture
def team(qm):
    proc = docs.create_document(
        qm.author,
        "procedure",
        "窗口服务控制程序",
        "质量体系",
        "督查科",
        12,
        "all",
        "## 1 目的\n\n规范窗口服务过程。\n\n## 3 职责\n\n首席代表每日检查。\n",
        iso_clause="8.5.1",
    )
    approve(qm, proc.versions[0], effective_date=date(2025, 1, 1))
    other = Department(name="市税务局", short_name="税务")
    db.session.add(other)
    db.session.commit()
    qm.proc, qm.other = proc, other
    qm.inside = svc.appoint_auditor(qm.manager, qm.author.id, department_id=qm.center["dept"].id)
    qm.outside = svc.appoint_auditor(qm.manager, qm.reviewer.id, department_id=other.id, owned_clauses="7.5")
    qm.prog = svc.create_programme(qm.manager, 2026)
    db.session.commit()
    return qm


def plan(t, members, clauses="8.5, 10.2", leader=None):
    return svc.plan_audit(
        t.manager,
        t.prog,
        title="窗口服务过程审核",
        planned_on=ON,
        clauses=clauses,
        window_ids=[t.center["wa"].id],
        rule_numbers=t.rule.number,
        member_ids=[m.id for m in members],
        leader_id=leader.id if leader else None,
    )


def test_team_must_be_independent_and_appointed(team):
    with pytest.raises(QualityError, match="林作者所在单位在审核范围内"):
        plan(team, [team.author, team.reviewer])
    with pytest.raises(QualityError, match="不是在册的内审员"):
        plan(team, [team.window])
    with pytest.raises(QualityError, match="郑审核是受审核过程（7.5）的负责人"):
        plan(team, [team.reviewer], clauses="7")
    with pytest.raises(QualityError, match="不是 ISO 9001 的条款"):
        plan(team, [team.reviewer], clauses="8.5, 12.1")
    a = plan(team, [team.reviewer])
    assert a.number == "NS-2026-01" and [m.is_leader for m in a.members] == [True]


def test_audit_from_checklist_to_report_to_closure(team, app, tmp_path):
    a = plan(team, [team.reviewer])
    n = svc.build_checklist(team.manager, a)
    db.session.commit()
    items = a.items
    assert n == len(items) and {i.document_number for i in items} == {"", team.proc.number, team.rule.number}
    assert any("挂牌上岗" in i.question for i in items)  # the rule's text in force on the audit date
    sections = [i.question for i in items if i.document_number == team.proc.number]
    assert "《窗口服务控制程序》“职责”：是否照此执行，有无记录？" in sections and not any("目的" in q for q in sections)
    assert all(i.place == team.center["wa"].label for i in items)

    with pytest.raises(QualityError, match="审核组成员"):
        svc.record_finding(team.author, items[0], "conform", "")
    with pytest.raises(QualityError, match="客观证据"):
        svc.record_finding(team.reviewer, items[0], "nonconform", " ")
    with pytest.raises(QualityError, match="尚未记录"):
        svc.perform(team.reviewer, a, ON, "x", row_version=a.row_version)
    target = next(i for i in items if i.article == "第二条")
    for i in items:
        if i is target:
            svc.record_finding(team.reviewer, i, "nonconform", "6号窗口两名工作人员未佩戴工作牌", today=ON)
        else:
            svc.record_finding(team.reviewer, i, "conform", "", today=ON)
    db.session.commit()
    nc = db.session.get(Nonconformity, target.nc_id)
    assert nc.source == "audit" and nc.audit_id == a.id and nc.window_id == team.center["wa"].id
    assert nc.rule_ref == f"{team.rule.number} 第二条" and nc.rule_version_id == team.rule.versions[0].id
    assert nc.owner_id == team.manager.id  # the quality manager owns it, not the auditor

    svc.perform(team.reviewer, a, ON, "过程基本受控，挂牌上岗执行不到位。", row_version=a.row_version)
    svc.issue_report(team.reviewer, a, row_version=a.row_version, today=date(2026, 3, 12))
    db.session.commit()
    assert a.state == "reported" and a.report_issued_on == date(2026, 3, 12)
    with pytest.raises(QualityError, match="已发布"):
        svc.record_finding(team.reviewer, items[0], "observation", "补记")

    stream = reports.audit_report(queries.audit_report_data(a, app.config["CENTER_NAME"]))
    d = Docx(BytesIO(stream.getvalue()))
    text = "\n".join(p.text for p in d.paragraphs)
    cells = "\n".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    assert "内部审核报告" in text and a.number in text and "郑审核（组长）" in text
    assert nc.number in cells and "未佩戴工作牌" in cells and f"{team.rule.number}《窗口服务规定》" in text
    assert d.sections[0].page_width.mm == pytest.approx(210, abs=0.5)  # GB/T 9704: A4
    check_gbt9704(stream.getvalue(), tmp_path)

    steps = [
        ("correction", {"correction": "当场佩戴"}),
        ("root_cause", {"cause_method": "5why", "root_cause": "交接班未检查"}),
        ("action", {"action_plan": "班前检查", "action_owner_id": team.manager.id, "action_due_on": date(2026, 3, 20)}),
        ("verification", {"verification_note": "抽查两周均佩戴"}),
    ]
    for step, values in steps:
        nc_svc.complete_step(team.manager, nc, step, values, today=date(2026, 3, 13))
    nc_svc.check_effectiveness(team.manager, nc, "三个月未复发", 0, today=date(2026, 6, 20))
    assert a.state == "reported"
    nc_svc.close(team.manager, nc, team.password, today=date(2026, 6, 20))
    db.session.commit()
    assert a.state == "closed" and a.closed_on == date(2026, 6, 20)


def test_coverage_of_the_programme_shows_the_gaps(team):
    plan(team, [team.reviewer])
    db.session.commit()
    cov = queries.programme_coverage(team.prog)
    assert team.center["wa"].id not in cov.missing_windows and team.center["wb"].id in cov.missing_windows
    assert team.center["wc"].id not in [w for w, _ in cov.window_rows]  # closed in 2024: not in the 2026 programme
    assert "8.5" not in cov.missing_clauses and "9.3" in cov.missing_clauses
    assert cov.missing_departments == [team.other.id]
