"""Expected roles per quality route (tests/test_access.py checks every route as every role)."""
from app.auth.roles import ADMIN, ALL_ROLES, AUDITOR, QUALITY_MANAGER, WINDOW_STAFF

VIEW = ALL_ROLES
MANAGE = frozenset({ADMIN, QUALITY_MANAGER})
ACT = ALL_ROLES - {AUDITOR}
AUDIT = ALL_ROLES - {WINDOW_STAFF}
CLOSE = frozenset({QUALITY_MANAGER})

EXPECTED = {
    "quality.index": VIEW,
    "quality.nc_list": VIEW,
    "quality.nc_new": MANAGE,
    "quality.nc_detail": VIEW,
    "quality.nc_step": ACT,
    "quality.nc_effectiveness": MANAGE,
    "quality.nc_close": CLOSE,
    "quality.nc_void": MANAGE,
    "quality.nc_revise": ACT,
    "quality.proposals": VIEW,
    "quality.proposals_scan": MANAGE,
    "quality.proposal_decide": MANAGE,
    "quality.objectives": VIEW,
    "quality.objective_new": MANAGE,
    "quality.objectives_refresh": MANAGE,
}
