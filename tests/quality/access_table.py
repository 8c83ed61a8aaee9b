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

EXPECTED.update(
    {
        "quality.programme": VIEW,
        "quality.programme_new": MANAGE,
        "quality.audit_new": MANAGE,
        "quality.audit_detail": VIEW,
        "quality.audit_checklist": MANAGE,
        "quality.audit_finding": AUDIT,
        "quality.audit_perform": AUDIT,
        "quality.audit_report_issue": AUDIT,
        "quality.audit_report": VIEW,
        "quality.auditors": VIEW,
        "quality.reviews": VIEW,
        "quality.review_new": MANAGE,
        "quality.review_detail": VIEW,
        "quality.review_gather": MANAGE,
        "quality.review_note": MANAGE,
        "quality.review_hold": MANAGE,
        "quality.review_action_new": MANAGE,
        "quality.review_action_done": ACT,
        "quality.review_action_revise": ACT,
        "quality.review_minutes_issue": MANAGE,
        "quality.review_report": VIEW,
    }
)
