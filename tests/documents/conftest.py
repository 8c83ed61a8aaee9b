"""A small team: an author, a reviewer and an approver configured for rules, plus window staff."""
from types import SimpleNamespace

import pytest
from werkzeug.security import generate_password_hash

from app.auth.models import User
from app.documents import services
from app.extensions import db
from tests.conftest import PASSWORD

# A cheap hash keeps these tests fast; check_password() accepts any werkzeug method.
FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def quick_user(role, username, name):
    user = User(username=username, display_name=name, role=role, password_hash=FAST_HASH)
    db.session.add(user)
    db.session.commit()
    return user

RULE_MD = """## 第一章 总则

第一条　为了规范窗口服务，制定本规定。

第二条　窗口工作人员应当挂牌上岗，首问负责。
"""


@pytest.fixture
def team(app):
    t = SimpleNamespace(
        author=quick_user("doc_manager", "author", "林作者"),
        reviewer=quick_user("doc_manager", "reviewer", "郑审核"),
        auditor=quick_user("auditor", "auditor1", "钱审计"),
        approver=quick_user("admin", "approver", "周批准"),
        window=quick_user("window_staff", "window1", "宋窗口"),
        evaluator=quick_user("evaluator", "eval1", "韩考评"),
        password=PASSWORD,
    )
    for kind in ("rule", "manual", "procedure", "instruction", "form"):
        setting = services.kind_setting(kind)
        setting.reviewer_ids = str(t.reviewer.id)
        setting.approver_id = t.approver.id
    db.session.commit()
    return t


def approve(team, version, effective_date=None):
    """Submit (if draft), review and approve a version."""
    if version.status == "draft":
        services.submit(team.author, version)
    services.sign(team.reviewer, version, team.password, "审核通过")
    services.sign(team.approver, version, team.password, "批准", effective_date=effective_date, allow_past=True)
    return version


@pytest.fixture
def rule(team):
    """A rule with its first draft A/0 (not yet submitted)."""
    return services.create_document(team.author, "rule", "窗口服务规定", "窗口管理", "综合科", 12, "all", RULE_MD)
