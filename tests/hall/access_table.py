"""Expected roles per hall route (tests/test_access.py checks every route as every role)."""
from app.auth.roles import ADMIN, ALL_ROLES, DOC_MANAGER, EVALUATOR, WINDOW_STAFF

VIEW = ALL_ROLES
DESK = frozenset({ADMIN, DOC_MANAGER, EVALUATOR, WINDOW_STAFF})
MANAGE = frozenset({ADMIN, DOC_MANAGER, EVALUATOR})
ADMINS = frozenset({ADMIN})

EXPECTED: dict = {}
