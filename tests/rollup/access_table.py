"""Expected roles per roll-up route (tests/test_access.py checks every route as every role)."""

from app.auth.roles import ADMIN, EVALUATOR, QUALITY_MANAGER

SEE_BELOW = frozenset({ADMIN, EVALUATOR, QUALITY_MANAGER})

EXPECTED = {
    "rollup.index": SEE_BELOW,
    "rollup.center": SEE_BELOW,
    "rollup.window_cases": SEE_BELOW,
}
