"""Services against a real database: numbering, drafts, freezing, signatures, repeal, audit trail."""

from datetime import date, timedelta

import pytest

from app.audit.models import AuditEntry
from app.audit.services import verify as verify_audit
from app.core.timeutil import local_today
from app.documents import services
from app.documents.logic import lifecycle as lc
from app.documents.models import Signature
from app.documents.services import DocumentError, StaleEditError
from app.extensions import db
from tests.factories import RULE_MD, approve, create_user


def actions(object_type=None):
    q = db.select(AuditEntry.action)
    if object_type:
        q = q.where(AuditEntry.object_type == object_type)
    return list(db.session.scalars(q.order_by(AuditEntry.id)))


def test_numbers_follow_the_kind_pattern(team):
    a = services.create_document(team.author, "rule", "甲")
    b = services.create_document(team.author, "rule", "乙")
    p = services.create_document(team.author, "procedure", "文件控制程序")
    m = services.create_document(team.author, "manual", "质量手册")
    assert (a.number, b.number, p.number, m.number) == ("SF-ZD-001", "SF-ZD-002", "SF-QP-01", "SF-QM")
    assert a.versions[0].revision == "A/0" and a.versions[0].status == lc.DRAFT
    with pytest.raises(DocumentError, match="已存在"):
        services.create_document(team.author, "manual", "第二本手册")
    services.update_kind_setting(team.author, "form", "{org}-JL-{seq:04d}", [], None)
    assert services.create_document(team.author, "form", "登记表").number == "SF-JL-0001"
    with pytest.raises(DocumentError, match="编号规则"):
        services.update_kind_setting(team.author, "form", "{org}-{nope}", [], None)


def test_window_staff_cannot_create(team):
    with pytest.raises(DocumentError, match="权限"):
        services.create_document(team.window, "rule", "越权")


def test_full_cycle_and_audit_trail(team, rule):
    v = rule.versions[0]
    approve(team, v)
    assert v.status == lc.APPROVED and v.effective_date == local_today()
    assert services.version_in_force(rule, local_today()) is v
    assert services.text_in_force(rule, local_today()) == RULE_MD
    assert services.find_by_number(rule.number) is rule
    assert [s.meaning for s in v.signatures] == ["审核通过", "批准"]
    assert all(s.content_sha256 == lc.content_sha256(RULE_MD) for s in v.signatures)
    assert actions("document_version") == ["submit", "sign", "sign", "approve", "effect"]
    assert actions("document") == ["create"]
    assert verify_audit().breaks == []


def test_submit_freezes_and_edits_need_a_new_draft(team, rule):
    v = rule.versions[0]
    services.submit(team.author, v)
    assert v.content_sha256 == lc.content_sha256(RULE_MD)
    with pytest.raises(DocumentError, match="冻结"):
        services.update_draft(team.author, v, "改过的", "改", v.row_version)
    with pytest.raises(DocumentError, match="未完成的版本"):
        services.create_draft(team.author, rule, change_reason="再改")
    approve(team, v)
    draft = services.create_draft(team.author, rule, change_reason="补充条款")
    assert draft.revision == "A/1" and draft.content_md == RULE_MD
    services.update_draft(team.author, draft, RULE_MD + "\n第三条　新增。\n", "补充条款", draft.row_version)
    assert v.content_md == RULE_MD  # the approved text is untouched
    services.withdraw(team.author, draft, "暂不修订")
    major = services.create_draft(team.author, rule, major=True, change_reason="换版")
    assert major.revision == "B/0"


def test_stale_edit_is_refused(team, rule):
    v = rule.versions[0]
    loaded = v.row_version
    services.update_draft(team.author, v, RULE_MD + "甲", "首次发布", loaded)
    with pytest.raises(StaleEditError, match="已被他人修改"):
        services.update_draft(team.reviewer, v, RULE_MD + "乙", "首次发布", loaded)
    db.session.refresh(v)
    assert v.content_md.endswith("甲")


def test_wrong_password_refused_and_audited(team, rule):
    v = rule.versions[0]
    services.submit(team.author, v)
    with pytest.raises(DocumentError, match="密码"):
        services.sign(team.reviewer, v, "wrong-password", "审核通过")
    assert db.session.scalar(db.select(db.func.count()).select_from(Signature)) == 0
    assert "sign_refused" in actions()


def test_only_configured_signers_in_order(team, rule):
    v = rule.versions[0]
    services.submit(team.author, v)
    outsider = create_user("doc_manager", "outsider", "局外人")  # a manager not named for rules (not the author)
    with pytest.raises(DocumentError, match="不是该类文件"):
        services.sign(outsider, v, team.password, "审核通过")
    with pytest.raises(DocumentError, match="尚有审核人"):
        services.sign(team.approver, v, team.password, "批准")
    with pytest.raises(DocumentError, match="不能签“批准”"):
        services.sign(team.reviewer, v, team.password, "批准")
    services.sign(team.reviewer, v, team.password, "审核通过")
    with pytest.raises(DocumentError, match="已经签过名"):
        services.sign(team.reviewer, v, team.password, "审核通过")


def test_several_reviewers_must_all_sign(team, rule):
    second = create_user("doc_manager", "reviewer2", "第二审核")
    services.update_kind_setting(
        team.author, "rule", "{org}-ZD-{seq:03d}", [team.reviewer.id, second.id], team.approver.id
    )
    v = rule.versions[0]
    services.submit(team.author, v)
    services.sign(team.reviewer, v, team.password, "审核通过")
    with pytest.raises(DocumentError, match="尚有审核人"):
        services.sign(team.approver, v, team.password, "批准")
    services.sign(second, v, team.password, "审核通过")
    services.sign(team.approver, v, team.password, "批准")
    assert v.status == lc.APPROVED


def test_rejection_needs_comment_and_returns_to_draft(team, rule):
    v = rule.versions[0]
    services.submit(team.author, v)
    with pytest.raises(DocumentError, match="必须填写意见"):
        services.sign(team.reviewer, v, team.password, "驳回")
    services.sign(team.reviewer, v, team.password, "驳回", "第二条表述不清")
    assert v.status == lc.DRAFT
    assert "reject" in actions()
    services.update_draft(team.author, v, RULE_MD.replace("首问负责", "落实首问负责制"), "首次发布", v.row_version)
    services.submit(team.author, v)
    assert v.review_round == 2
    # the reviewer signs again in the new round; the old round's signature no longer matches the text
    services.sign(team.reviewer, v, team.password, "审核通过")
    services.sign(team.approver, v, team.password, "批准")
    checks = services.verify_signatures(v)
    assert [ok for _, ok in checks] == [False, True, True]
    assert services.signature_mismatches(v) == []


def test_signature_hash_mismatch_detected(team, rule):
    v = approve(team, rule.versions[0])
    assert services.signature_mismatches(v) == []
    # someone edits the approved text directly in the database
    db.session.execute(
        db.text("UPDATE document_versions SET content_md = :t WHERE id = :id"),
        {"t": RULE_MD.replace("挂牌", "不挂牌"), "id": v.id},
    )
    db.session.commit()
    db.session.expire_all()
    assert len(services.signature_mismatches(v)) == 2


def test_future_effective_date_not_in_force_until_then(team, rule):
    today = local_today()
    first = approve(team, rule.versions[0], effective_date=today - timedelta(days=30))
    draft = services.create_draft(team.author, rule, change_reason="修订")
    services.update_draft(team.author, draft, RULE_MD + "\n第三条　新增。\n", "修订", draft.row_version)
    future = today + timedelta(days=10)
    approve(team, draft, effective_date=future)
    assert services.version_in_force(rule, today) is first
    assert services.status_of_version(draft) == lc.S_PENDING
    assert services.status_of_version(first) == lc.S_CURRENT
    assert services.version_in_force(rule, future) is draft
    assert services.status_of_version(first, future) == lc.S_SUPERSEDED
    assert actions("document_version")[-2:] == ["sign", "approve"]  # approved, not yet in effect


def test_repeal(team, rule):
    v = approve(team, rule.versions[0], effective_date=date(2024, 1, 1))
    other = services.create_document(team.author, "rule", "新规定")
    with pytest.raises(DocumentError, match="废止原因"):
        services.repeal(team.author, rule, "", other, date(2025, 1, 1))
    with pytest.raises(DocumentError, match="尚无批准的版本"):
        services.repeal(team.author, other, "无", None, date(2025, 1, 1))
    services.repeal(team.author, rule, "并入新规定", other, date(2025, 1, 1))
    assert services.version_in_force(rule, date(2024, 12, 31)) is v
    assert services.version_in_force(rule, date(2025, 1, 1)) is None
    assert services.status_of_document(rule, date(2025, 6, 1)) == lc.S_REPEALED
    assert services.status_of_version(v, date(2025, 6, 1)) == lc.S_REPEALED
    assert rule.replaced_by is other
    with pytest.raises(DocumentError, match="已废止"):
        services.create_draft(team.author, rule, change_reason="x")
    assert "repeal" in actions("document")


def test_withdraw_needs_reason(team, rule):
    v = rule.versions[0]
    with pytest.raises(DocumentError, match="撤回原因"):
        services.withdraw(team.author, v, " ")
    services.withdraw(team.author, v, "不再需要")
    assert v.status == lc.WITHDRAWN and v.withdraw_reason == "不再需要"
    assert services.status_of_document(rule) == lc.S_WITHDRAWN
    assert "withdraw" in actions()


def test_two_people_drafting_at_once_get_a_message_not_an_error(team, rule):
    approve(team, rule.versions[0])
    assert len(rule.versions) == 1  # loaded now; someone else then adds A/1 behind this session's back
    db.session.execute(
        db.text(
            "INSERT INTO document_versions (document_id, revision, content_md, change_reason, status, created_at, "
            "updated_at, review_round, row_version, center_id) VALUES (:d, 'A/1', '', '他人', 'draft', :t, :t, 0, 1, :c)"
        ),
        {"d": rule.id, "t": rule.created_at, "c": rule.center_id},
    )
    with pytest.raises(StaleEditError, match="刷新页面"):
        services.create_draft(team.author, rule, change_reason="同时起草")


def test_approval_cannot_be_backdated_from_the_form(team, rule):
    v = rule.versions[0]
    services.submit(team.author, v)
    services.sign(team.reviewer, v, team.password, "审核通过")
    with pytest.raises(DocumentError, match="不得追溯"):
        services.sign(team.approver, v, team.password, "批准", effective_date=local_today() - timedelta(days=1))
    assert v.status == lc.IN_REVIEW
