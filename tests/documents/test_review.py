"""Periodic review (定期评审): the due date with and without reviews, record_review (permission,
validation, audit), the dashboard, the document page form, the procedures index, the demo."""

import json
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from app.audit.models import AuditEntry
from app.audit.services import verify as verify_audit
from app.core.timeutil import local_today
from app.documents import queries, services
from app.documents.demo import plan_reviews
from app.documents.logic import lifecycle as lc
from app.documents.models import DocumentReview
from app.documents.services import DocumentError
from app.documents.services.review import record_review, reviews_of
from app.extensions import db
from tests.conftest import AuthActions

from .conftest import approve

TODAY = date(2026, 6, 15)


# ------------------------------------------------------------------ pure: the due date
def test_due_date_without_a_review_counts_from_the_effective_date():
    due = lc.review_due(date(2025, 1, 31), 1, TODAY)
    assert due.due_on == date(2025, 2, 28) and due.state == "overdue" and due.last_reviewed_on is None
    assert lc.review_due(date(2025, 7, 1), 12, TODAY).state == "due_soon"


def test_due_date_counts_from_the_later_of_effective_date_and_last_review():
    # reviewed after the version took effect: the cycle restarts on the review day
    due = lc.review_due(date(2024, 3, 1), 12, TODAY, last_reviewed_on=date(2026, 1, 10))
    assert (due.due_on, due.state, due.days_left) == (date(2027, 1, 10), "ok", 209)
    assert due.last_reviewed_on == date(2026, 1, 10) and due.label == "未到期"
    # a review of an older version does not push back the cycle of a newer one
    due = lc.review_due(date(2025, 7, 1), 12, TODAY, last_reviewed_on=date(2025, 5, 1))
    assert due.due_on == date(2026, 7, 1) and due.state == "due_soon" and due.label == "16 天内到期"
    # a review a year ago with a six-month cycle is overdue again
    due = lc.review_due(date(2020, 1, 1), 6, TODAY, last_reviewed_on=date(2025, 6, 15))
    assert due.due_on == date(2025, 12, 15) and due.label == "已逾期 182 天"


def test_review_flag_stays_until_a_later_version_is_approved():
    assert lc.review_flag(None, None, None) == ""
    assert lc.review_flag("继续有效", date(2026, 1, 1), date(2020, 1, 1)) == ""
    assert lc.review_flag("需修订", date(2026, 1, 1), date(2020, 1, 1)) == "待修订"
    assert lc.review_flag("建议废止", date(2026, 1, 1), date(2026, 1, 1)) == "建议废止"
    # a revision approved to take effect after the review (even in the future) answers it
    assert lc.review_flag("需修订", date(2026, 1, 1), date(2027, 1, 1)) == ""
    due = lc.review_due(date(2020, 1, 1), 12, TODAY, last_reviewed_on=date(2026, 5, 1), flag="待修订")
    assert due.state == "ok" and due.needs_attention


def test_demo_plan_is_deterministic_and_gives_the_intended_mix():
    docs = [(f"SF-ZD-{n:03d}", date(2019 + n % 5, 1 + n % 12, 1), (6, 12, 24, 36)[n % 4]) for n in range(1, 41)]
    docs.append(("SF-ZD-099", TODAY - timedelta(days=20), 12))  # too new to have been reviewed
    plan = plan_reviews(docs, TODAY)
    assert plan == plan_reviews(list(reversed(docs)), TODAY)
    reviewed = {p.number: p.reviewed_on for p in plan}
    assert "SF-ZD-099" not in reviewed
    facts = {number: (effective, interval) for number, effective, interval in docs}
    states = Counter(
        lc.review_due(facts[n][0], facts[n][1], TODAY, last_reviewed_on=reviewed.get(n)).state for n in facts
    )
    assert states == Counter({"ok": 36, "due_soon": 3, "overdue": 2})
    assert all(facts[p.number][0] <= p.reviewed_on <= TODAY for p in plan)


# ------------------------------------------------------------------ record_review
@pytest.fixture
def in_force(team, rule):
    """The rule in force since 2024-03-01 with a 12-month cycle (so overdue today)."""
    approve(team, rule.versions[0], effective_date=date(2024, 3, 1))
    return rule


def test_only_document_managers_may_record_a_review(team, in_force):
    for user in (team.window, team.auditor, team.evaluator):
        with pytest.raises(DocumentError, match="权限"):
            record_review(user, in_force, local_today(), "继续有效", "")
    assert db.session.scalar(db.select(db.func.count()).select_from(DocumentReview)) == 0


@pytest.mark.parametrize(
    "day, conclusion, note, message",
    [
        (1, "继续有效", "", "不能晚于今天"),
        (0, "可以用", "", "请选择评审结论"),
        (0, "需修订", "  ", "请在说明中写明理由"),
        (0, "建议废止", "", "请在说明中写明理由"),
        (0, "继续有效", "长" * 1001, "不能超过 1000 字"),
        (-3000, "继续有效", "", "没有现行版本"),
    ],
)
def test_review_is_validated(team, in_force, day, conclusion, note, message):
    with pytest.raises(DocumentError, match=message):
        record_review(team.author, in_force, local_today() + timedelta(days=day), conclusion, note)
    assert reviews_of(in_force) == []


def test_repealed_document_is_not_reviewed(team, in_force):
    services.repeal(team.author, in_force, "已被新制度替代", on_date=local_today())
    with pytest.raises(DocumentError, match="已废止"):
        record_review(team.author, in_force, local_today(), "继续有效", "")


def test_review_is_recorded_and_audited(team, in_force):
    day = local_today() - timedelta(days=3)
    review = record_review(team.reviewer, in_force, day, "继续有效", "  条款仍适用。 ")
    assert (review.reviewed_on, review.conclusion, review.note) == (day, "继续有效", "条款仍适用。")
    assert review.version_id == in_force.versions[0].id and review.reviewer_id == team.reviewer.id
    entry = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.object_type, entry.object_id, entry.user_id) == (
        "review",
        "document",
        str(in_force.id),
        team.reviewer.id,
    )
    details = json.loads(entry.details)
    assert details["conclusion"] == "继续有效" and details["reviewed_on"] == day.isoformat()
    assert details["revision"] == "A/0" and details["number"] == in_force.number
    assert verify_audit().breaks == []


# ------------------------------------------------------------------ dashboard and batched queries
def test_dashboard_after_reviews(team, in_force):
    today = local_today()
    assert [(r.document.id, r.due.state) for r in queries.review_dashboard(today)] == [(in_force.id, "overdue")]
    record_review(team.author, in_force, today - timedelta(days=1), "继续有效", "")
    assert queries.review_dashboard(today) == []
    [row] = queries.review_dashboard(today, include_ok=True)
    assert row.due.due_on == lc.add_months(today - timedelta(days=1), 12) and row.last_review.conclusion == "继续有效"
    # the latest review wins: a finding that the rule needs revising shows as 待修订
    record_review(team.author, in_force, today, "需修订", "第二条需与新的首问负责制衔接。")
    [row] = queries.review_dashboard(today)
    assert row.due.flag == "待修订" and row.due.state == "ok" and row.last_review.conclusion == "需修订"
    # once the revision is approved (even ahead of its effective date) the finding is answered
    draft = services.create_draft(team.author, in_force, change_reason="按评审意见修订")
    approve(team, draft, effective_date=today + timedelta(days=30))
    assert queries.review_dashboard(today) == []


def test_review_states_use_a_fixed_number_of_queries(team):
    today = local_today()
    docs = []
    for n in range(6):
        doc = services.create_document(team.author, "rule", f"制度{n}", content_md="第一条　甲。")
        approve(team, doc.versions[0], effective_date=date(2023, 1, 1))
        record_review(team.author, doc, today - timedelta(days=n), "继续有效", "")
        docs.append(doc)
    versions = queries.versions_in_force(today)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        states = queries.review_states(versions, today)
        assert len(statements) == 2
        for doc in docs:
            assert states[doc.id].last_review.document_id == doc.id  # loaded by the batch, no lazy load
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 2
    assert [states[d.id].due.last_reviewed_on for d in docs] == [today - timedelta(days=n) for n in range(6)]


# ------------------------------------------------------------------ pages
def test_review_form_on_the_document_page(client, team, in_force):
    AuthActions(client).login(team.author)
    page = client.get(f"/documents/{in_force.id}").get_data(as_text=True)
    assert "定期评审" in page and "记录评审" in page and "已逾期" in page and "尚无定期评审记录" in page
    # a future date is refused and the form comes back with the typed input
    future = (local_today() + timedelta(days=2)).isoformat()
    resp = client.post(
        f"/documents/{in_force.id}/review", data={"reviewed_on": future, "conclusion": "需修订", "note": "第三条要改"}
    )
    body = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "评审日期不能晚于今天" in body and future in body and "第三条要改" in body
    resp = client.post(f"/documents/{in_force.id}/review", data={"reviewed_on": "2026-13-45", "conclusion": "继续有效"})
    assert "日期格式不正确" in resp.get_data(as_text=True)
    resp = client.post(
        f"/documents/{in_force.id}/review",
        data={"reviewed_on": local_today().isoformat(), "conclusion": "需修订", "note": ""},
    )
    body = resp.get_data(as_text=True)
    assert body.index('name="note"') < body.index("请在说明中写明理由")  # shown under the note field
    assert reviews_of(in_force) == []
    resp = client.post(
        f"/documents/{in_force.id}/review",
        data={"reviewed_on": local_today().isoformat(), "conclusion": "需修订", "note": "第二条要改"},
    )
    assert resp.status_code == 302 and resp.headers["Location"].endswith("#review")
    page = client.get(f"/documents/{in_force.id}").get_data(as_text=True)
    assert "第二条要改" in page and "待修订" in page and "林作者" in page and "已逾期" not in page
    dashboard = client.get("/documents/review-due").get_data(as_text=True)
    assert in_force.title in dashboard and "待修订" in dashboard


def test_window_staff_sees_history_but_no_form(client, team, in_force):
    record_review(team.author, in_force, local_today(), "继续有效", "仍适用")
    AuthActions(client).login(team.window)
    page = client.get(f"/documents/{in_force.id}").get_data(as_text=True)
    assert "仍适用" in page and "记录评审" not in page
    resp = client.post(
        f"/documents/{in_force.id}/review", data={"reviewed_on": local_today().isoformat(), "conclusion": "继续有效"}
    )
    assert resp.status_code == 403 and len(reviews_of(in_force)) == 1


def test_procedures_index_counts_from_the_last_review(client, team):
    proc = services.create_document(
        team.author, "procedure", "文件控制程序", "质量体系", iso_clause="7.5", content_md="## 1 目的\n"
    )
    approve(team, proc.versions[0], effective_date=date(2022, 1, 1))
    AuthActions(client).login(team.window)
    assert "已逾期" in client.get("/procedures/").get_data(as_text=True)
    record_review(team.author, proc, local_today(), "继续有效", "")
    page = client.get("/procedures/").get_data(as_text=True)
    assert "已逾期" not in page and f"{local_today().year + 1}年" in page


# ------------------------------------------------------------------ the demo
@pytest.mark.slow  # over 10 s on the shared 2-core machine
def test_demo_reviews_and_pending_revision(app):
    from app.auth import demo as auth_demo
    from app.documents import demo

    auth_demo.load()
    demo.load()
    today = local_today()
    rows = queries.review_dashboard(today, include_ok=True)
    states = Counter(r.due.state for r in rows)
    assert states["overdue"] == 2 and states["due_soon"] == 3 and states["ok"] == len(rows) - 5 >= 40
    assert [r.document.number for r in rows if r.due.flag] == ["SF-WI-002"]
    count = db.session.scalar(db.select(db.func.count()).select_from(DocumentReview))
    demo.load()  # idempotent
    assert db.session.scalar(db.select(db.func.count()).select_from(DocumentReview)) == count
    hygiene = services.find_by_number("SF-ZD-033")
    a1 = next(v for v in hygiene.versions if v.revision == "A/1")
    assert a1.effective_date == date(2027, 1, 1) and all(s.signed_at.date() <= today for s in a1.signatures)
    if today < a1.effective_date:  # 已批准（待生效）until then; approved now, never dated in the future
        assert services.status_of_version(a1, today) == lc.S_PENDING
        assert services.version_in_force(hygiene, today).revision == "A/0"
    assert reviews_of(hygiene)[0].conclusion == "需修订"


def test_the_author_of_a_version_can_neither_review_nor_approve_it(team):
    """Segregation of duties (issue 12): the rule lives in app/auth/permissions.py (OBJECT_RULES)."""
    doc = services.create_document(team.author, "rule", "职责分离", content_md="第一条　甲。")
    version = doc.versions[0]
    setting = services.kind_setting("rule")
    setting.reviewer_ids = f"{team.author.id},{team.reviewer.id}"  # the author is also a configured reviewer
    db.session.commit()
    services.submit(team.author, version)
    assert services.signer_steps(team.author, version) == []
    for meaning, comment in (("审核通过", ""), ("驳回", "自己驳回自己")):
        with pytest.raises(DocumentError, match="职责分离"):
            services.sign(team.author, version, team.password, meaning, comment=comment)
    assert version.signatures == []
    services.sign(team.reviewer, version, team.password, "审核通过")
    assert services.signer_steps(team.approver, version) == ["approver"]
    services.sign(team.approver, version, team.password, "批准", allow_past=True)
    # the approver who drafts the next revision cannot approve it
    setting.reviewer_ids = str(team.reviewer.id)
    db.session.commit()
    revision = services.create_draft(team.approver, doc, content_md="第一条　乙。", change_reason="改一条")
    services.submit(team.approver, revision)
    services.sign(team.reviewer, revision, team.password, "审核通过")
    assert services.signer_steps(team.approver, revision) == []
    with pytest.raises(DocumentError, match="职责分离"):
        services.sign(team.approver, revision, team.password, "批准")
    assert revision.status == "in_review"
