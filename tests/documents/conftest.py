"""A small team: an author, a reviewer and an approver configured for rules, plus window staff."""
from types import SimpleNamespace

import pytest

from app.documents import services
from tests.factories import PASSWORD, RULE_MD, approve, create_signers, create_user  # noqa: F401  (used by the tests)


@pytest.fixture
def team(app):
    t = SimpleNamespace(
        author=create_user("doc_manager", "author", "林作者"),
        reviewer=create_user("doc_manager", "reviewer", "郑审核"),
        auditor=create_user("auditor", "auditor1", "钱审计"),
        approver=create_user("admin", "approver", "周批准"),
        window=create_user("window_staff", "window1", "宋窗口"),
        evaluator=create_user("evaluator", "eval1", "韩考评"),
        password=PASSWORD,
    )
    create_signers(t.reviewer, t.approver)
    return t


@pytest.fixture
def rule(team):
    """A rule with its first draft A/0 (not yet submitted)."""
    return services.create_document(team.author, "rule", "窗口服务规定", "窗口管理", "综合科", 12, "all", RULE_MD)
