"""签阅 (to-read list, acknowledgement, who has not read) and the review-due dashboard."""

from datetime import date, timedelta

import pytest

from app.audit.models import AuditEntry
from app.core.timeutil import local_today
from app.documents import queries, services
from app.documents.services import DocumentError, reading
from app.extensions import db

from .conftest import approve


def test_to_read_acknowledge_and_who_has_not_read(team, rule):
    v = approve(team, rule.versions[0])
    assert [x.id for x in reading.to_read(team.window)] == [v.id]
    reading.acknowledge(team.window, v)
    reading.acknowledge(team.window, v)  # idempotent
    assert reading.to_read(team.window) == []
    assert [x.id for x in reading.to_read(team.evaluator)] == [v.id]
    done, pending = reading.readers(v)
    assert [u.username for u, _ in done] == ["window1"]
    assert team.evaluator in pending and team.window not in pending
    # the 审核员 changes nothing (issue 12): no 签阅, so never counted as a reader who has not read
    assert reading.to_read(team.auditor) == [] and team.auditor not in pending
    with pytest.raises(DocumentError, match="权限"):
        reading.acknowledge(team.auditor, v)
    row = next(r for r in reading.reading_overview() if r.version.id == v.id)
    assert (row.expected, row.read, row.unread) == (5, 1, 4)
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry).filter_by(action="acknowledge")) == 1


def test_distribution_to_chosen_roles(team):
    doc = services.create_document(
        team.author, "rule", "窗口专用规定", distribution="window_staff", content_md="第一条　甲。"
    )
    v = approve(team, doc.versions[0])
    assert [x.id for x in reading.to_read(team.window)] == [v.id]
    assert reading.to_read(team.evaluator) == []
    with pytest.raises(DocumentError, match="未分发"):
        reading.acknowledge(team.evaluator, v)
    done, pending = reading.readers(v)
    assert pending == [team.window]


def test_only_the_version_in_force_can_be_acknowledged(team, rule):
    v = approve(team, rule.versions[0], effective_date=local_today() + timedelta(days=5))
    assert reading.to_read(team.window) == []
    with pytest.raises(DocumentError, match="现行"):
        reading.acknowledge(team.window, v)
    # on the effective day it appears without any job having run
    assert [x.id for x in reading.to_read(team.window, today=local_today() + timedelta(days=5))] == [v.id]


def test_review_due_dashboard(team):
    today = local_today()
    old = services.create_document(
        team.author, "rule", "逾期评审", review_interval_months=12, content_md="第一条　甲。"
    )
    soon = services.create_document(
        team.author, "rule", "即将到期", review_interval_months=12, content_md="第一条　乙。"
    )
    fresh = services.create_document(
        team.author, "rule", "未到期", review_interval_months=12, content_md="第一条　丙。"
    )
    approve(team, old.versions[0], effective_date=today - timedelta(days=400))
    approve(team, soon.versions[0], effective_date=today.replace(year=today.year - 1) + timedelta(days=10))
    approve(team, fresh.versions[0], effective_date=today - timedelta(days=10))
    rows = queries.review_dashboard(today)
    assert [(r.document.title, r.due.state) for r in rows] == [("逾期评审", "overdue"), ("即将到期", "due_soon")]
    assert len(queries.review_dashboard(today, include_ok=True)) == 3
    # a year later everything is overdue, computed from the dates alone
    assert {r.due.state for r in queries.review_dashboard(today + timedelta(days=400))} == {"overdue"}


def test_register_statuses_match_the_pure_rules(team):
    today = local_today()
    docs = {}
    for title in ("草稿", "审核中", "待生效", "现行", "已废止"):
        docs[title] = services.create_document(team.author, "rule", title, content_md="第一条　内容。")
    services.submit(team.author, docs["审核中"].versions[0])
    approve(team, docs["待生效"].versions[0], effective_date=today + timedelta(days=3))
    approve(team, docs["现行"].versions[0], effective_date=date(2020, 1, 1))
    approve(team, docs["已废止"].versions[0], effective_date=date(2020, 1, 1))
    services.repeal(team.author, docs["已废止"], "停止执行", None, today)
    _page, rows = queries.register_page(today, per_page=50)
    got = {r.document.title: r.status for r in rows}
    assert got == {t: services.status_of_document(d) for t, d in docs.items()}
    assert got == {"草稿": "draft", "审核中": "in_review", "待生效": "pending", "现行": "current", "已废止": "repealed"}
    page, rows = queries.register_page(today, status="current")
    assert [r.document.title for r in rows] == ["现行"] and page.total == 1
    _page, rows = queries.register_page(today, include_drafts=False, per_page=50)
    assert sorted(r.document.title for r in rows) == ["已废止", "待生效", "现行"]
    page, rows = queries.register_page(today, per_page=2, page=3)
    assert (page.pages, page.page, len(rows)) == (3, 3, 1)
