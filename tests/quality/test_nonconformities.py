"""The corrective-action loop through the services, on a real database."""

from datetime import date

import pytest

from app.documents import services as docs
from app.extensions import db
from app.quality import queries
from app.quality.models import NcProposal
from app.quality.services import nonconformities as nc_svc
from app.quality.services import proposals as prop_svc
from app.quality.services.common import QualityError
from tests.factories import approve

from .conftest import complaint

TODAY = date(2026, 3, 2)


def test_upheld_complaint_to_closed_nc_with_a_rule_revision(qm):
    complaint(qm.center["wa"], date(2026, 2, 10))
    complaint(qm.center["wb"], date(2026, 2, 11), valid=False, number="TS-2026-002")
    new = prop_svc.scan(qm.manager, date(2026, 1, 1), TODAY, today=TODAY)
    db.session.commit()
    assert [p.source for p in new] == ["complaint"]  # the unfounded complaint proposes nothing
    assert prop_svc.scan(qm.manager, date(2026, 1, 1), TODAY, today=TODAY) == []  # idempotent

    nc = prop_svc.accept(qm.manager, new[0], "投诉属实，需纠正", today=TODAY)
    db.session.commit()
    assert nc.number == "BHG-2026-001" and nc.state == "correction" and nc.window_id == qm.center["wa"].id
    assert nc.steps[0].due_on == date(2026, 3, 4)  # 2 working days

    with pytest.raises(QualityError):
        nc_svc.complete_step(qm.window, nc, "correction", {"correction": "x"}, today=TODAY)  # not the owner
    nc_svc.complete_step(qm.manager, nc, "correction", {"correction": "当面致歉，当日办结"}, today=TODAY)
    with pytest.raises(QualityError, match="原因类别"):
        nc_svc.complete_step(qm.manager, nc, "root_cause", {"cause_method": "6m", "root_cause": "x"}, today=TODAY)
    nc_svc.complete_step(
        qm.manager,
        nc,
        "root_cause",
        {"cause_method": "6m", "cause_category": "method", "root_cause": "首问负责制未写明转办时限"},
        today=TODAY,
    )
    nc_svc.complete_step(
        qm.manager,
        nc,
        "action",
        {"action_plan": "修订窗口服务规定第二条", "action_owner_id": str(qm.author.id), "action_due_on": "2026-03-20"},
        today=TODAY,
    )
    db.session.commit()
    assert nc.state == "verification" and nc.steps[-1].owner_id == qm.author.id
    assert nc.steps[-1].due_on == date(2026, 3, 27)  # 5 working days after the action's due date

    nc = nc_svc.open_revision(qm.author, nc, qm.rule.number, link="/quality/nc/1")
    db.session.commit()
    draft = nc.revision
    assert draft.status == "draft" and nc.number in draft.change_reason and draft.document_id == qm.rule.id
    with pytest.raises(QualityError, match="尚未批准"):
        nc_svc.complete_step(qm.author, nc, "verification", {"verification_note": "已修订"}, today=TODAY)
    db.session.rollback()
    docs.update_draft(
        qm.author,
        draft,
        draft.content_md + "\n第三条　转办应当在一个工作日内完成。\n",
        draft.change_reason,
        draft.row_version,
    )
    approve(qm, draft, effective_date=date(2026, 3, 10))
    db.session.commit()
    nc_svc.complete_step(
        qm.author, nc, "verification", {"verification_note": "新版已发布并培训"}, today=date(2026, 3, 16)
    )
    db.session.commit()
    assert nc.state == "effectiveness" and nc.steps[-1].due_on == date(2026, 6, 16)

    with pytest.raises(QualityError, match="评价期未满"):
        nc_svc.check_effectiveness(qm.manager, nc, "无复发", 0, today=date(2026, 5, 1))
    count, what = queries.recurrences(nc, nc.verified_on, date(2026, 6, 20), date(2026, 6, 20))
    assert count == 0 and "投诉" in what
    nc_svc.check_effectiveness(qm.manager, nc, "三个月内无属实投诉", count, today=date(2026, 6, 20))
    with pytest.raises(QualityError, match="密码"):
        nc_svc.close(qm.manager, nc, "wrong", today=date(2026, 6, 20))
    nc_svc.close(qm.manager, nc, qm.password, "措施有效", today=date(2026, 6, 20))
    db.session.commit()
    assert nc.state == "closed" and nc.closed_by_id == qm.manager.id


def test_recurrence_sends_it_back_to_root_cause(qm):
    nc = nc_svc.open_nc(
        qm.manager, source="complaint", title="态度生硬", window_id=qm.center["wa"].id, iso_clause="8.2.1", today=TODAY
    )
    for step, values in [
        ("correction", {"correction": "致歉"}),
        ("root_cause", {"cause_method": "5why", "root_cause": "培训不足"}),
        ("action", {"action_plan": "培训", "action_owner_id": qm.manager.id, "action_due_on": TODAY}),
        ("verification", {"verification_note": "已培训"}),
    ]:
        nc_svc.complete_step(qm.manager, nc, step, values, today=TODAY)
    db.session.commit()
    complaint(qm.center["wa"], date(2026, 4, 1), number="TS-2026-009")
    count, _ = queries.recurrences(nc, nc.verified_on, date(2026, 6, 3), date(2026, 6, 3))
    assert count == 1
    nc_svc.check_effectiveness(qm.manager, nc, "又有属实投诉", count, today=date(2026, 6, 3))
    assert nc.state == "root_cause" and nc.effective is False


def test_requirement_cites_the_rule_in_force(qm):
    with pytest.raises(QualityError, match="第九条"):
        nc_svc.open_nc(
            qm.manager,
            source="staff_report",
            title="未挂牌",
            rule_number=qm.rule.number,
            rule_article="第九条",
            today=TODAY,
        )
    with pytest.raises(QualityError, match="没有现行版本"):
        nc_svc.open_nc(
            qm.manager,
            source="staff_report",
            title="未挂牌",
            rule_number=qm.rule.number,
            rule_article="第二条",
            found_on=date(2024, 6, 1),
            today=TODAY,
        )
    nc = nc_svc.open_nc(
        qm.manager,
        source="staff_report",
        title="未挂牌上岗",
        rule_number=qm.rule.number,
        rule_article="第二条",
        today=TODAY,
    )
    assert nc.rule_version_id == qm.rule.versions[0].id and nc.rule_ref.endswith("第二条")
    with pytest.raises(QualityError):
        nc_svc.open_nc(qm.window, source="staff_report", title="x", iso_clause="7.5", today=TODAY)
    with pytest.raises(QualityError, match="要求"):
        nc_svc.open_nc(qm.manager, source="staff_report", title="x", today=TODAY)


def test_rejecting_a_proposal_needs_a_reason(qm):
    complaint(qm.center["wa"], date(2026, 2, 10))
    (p,) = prop_svc.scan(qm.manager, date(2026, 1, 1), TODAY, today=TODAY)
    with pytest.raises(QualityError, match="理由"):
        prop_svc.reject(qm.manager, p, " ")
    prop_svc.reject(qm.manager, p, "已按投诉处理程序闭环，不构成体系不合格")
    db.session.commit()
    assert db.session.get(NcProposal, p.id).status == "rejected"
    assert prop_svc.scan(qm.manager, date(2026, 1, 1), TODAY, today=TODAY) == []
