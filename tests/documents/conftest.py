"""A rule in draft for the documents tests (the document team, `team`, is in tests/conftest.py)."""

import pytest

from app.documents import services
from tests.factories import RULE_MD, approve  # noqa: F401  (used by the tests)


@pytest.fixture
def rule(team):
    """A rule with its first draft A/0 (not yet submitted)."""
    return services.create_document(team.author, "rule", "窗口服务规定", "窗口管理", "综合科", 12, "all", RULE_MD)


# ---------------------------------------------------------------- rules handed down (issue 13 item 2)
CITY_RULE_MD = """第一条　窗口工作人员应当统一着装，挂牌上岗。

第二条　首问负责，一次告知。

第三条　本规定自发布之日起施行。
"""


def _team_in(center_id, prefix):
    from types import SimpleNamespace

    from app.centers.context import acting_in
    from tests.factories import PASSWORD, create_signers, create_user

    with acting_in(center_id):
        t = SimpleNamespace(
            center_id=center_id,
            author=create_user("doc_manager", f"{prefix}_author", f"{prefix}作者"),
            reviewer=create_user("doc_manager", f"{prefix}_reviewer", f"{prefix}审核"),
            approver=create_user("admin", f"{prefix}_approver", f"{prefix}批准"),
            window=create_user("window_staff", f"{prefix}_window", f"{prefix}窗口"),
            auditor=create_user("auditor", f"{prefix}_auditor", f"{prefix}审计"),
            evaluator=create_user("evaluator", f"{prefix}_evaluator", f"{prefix}考评"),
            password=PASSWORD,
        )
        create_signers(t.reviewer, t.approver)
    return t


@pytest.fixture
def city(app):
    """A city with counties A and B and a township T under A, each with its document team, and a
    city rule (本市下发) in force since 100 days ago."""
    from datetime import timedelta
    from types import SimpleNamespace

    from app.centers.context import acting_in, default_center_id
    from app.centers.services import create_center
    from app.core.timeutil import local_today
    from app.extensions import db

    city_id = default_center_id()
    db.session.commit()
    a = create_center(None, "XA", "甲县政务服务中心", "county", city_id)
    b = create_center(None, "XB", "乙县政务服务中心", "county", city_id)
    db.session.flush()
    t = create_center(None, "XT", "甲县某镇便民服务中心", "township", a.id)
    db.session.commit()
    ids = SimpleNamespace(city=city_id, A=a.id, B=b.id, T=t.id)
    teams = SimpleNamespace(
        city=_team_in(city_id, "city"), A=_team_in(a.id, "ca"), B=_team_in(b.id, "cb"), T=_team_in(t.id, "ct")
    )
    today = local_today()
    with acting_in(city_id):
        rule = services.create_document(
            teams.city.author, "rule", "本市下发窗口服务规范", "窗口管理", "综合科", 12, "all", CITY_RULE_MD
        )
        approve(teams.city, rule.versions[0], today - timedelta(days=100))
        rule_id, first_id = rule.id, rule.versions[0].id
    return SimpleNamespace(ids=ids, teams=teams, rule=rule, rule_id=rule_id, first_id=first_id, today=today)
