"""A rule in draft for the documents tests (the document team, `team`, is in tests/conftest.py)."""

import pytest

from app.documents import services
from tests.factories import RULE_MD, approve  # noqa: F401  (used by the tests)


@pytest.fixture
def rule(team):
    """A rule with its first draft A/0 (not yet submitted)."""
    return services.create_document(team.author, "rule", "窗口服务规定", "窗口管理", "综合科", 12, "all", RULE_MD)
