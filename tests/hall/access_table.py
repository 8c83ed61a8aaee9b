"""Expected roles per hall route (tests/test_access.py checks every route as every role)."""

from app.auth.roles import ADMIN, ALL_ROLES, DOC_MANAGER, EVALUATOR, WINDOW_STAFF

VIEW = ALL_ROLES
DESK = frozenset({ADMIN, DOC_MANAGER, EVALUATOR, WINDOW_STAFF})
MANAGE = frozenset({ADMIN, DOC_MANAGER, EVALUATOR})

EXPECTED: dict = {
    "hall.index": VIEW,
    "hall.contacts": VIEW,
    "hall.contact_new": DESK,
    "hall.contact": VIEW,
    "hall.contact_handover": DESK,
    "hall.contact_confirm": DESK,
    "hall.contact_answer": DESK,
    "hall.contact_to_case": DESK,
    "hall.materials": VIEW,
    "hall.materials_import": MANAGE,
    "hall.item_materials": VIEW,
    "hall.item_materials_save": MANAGE,
    "hall.case": VIEW,
    "hall.supplement_issue": DESK,
    "hall.notice_docx": VIEW,
    "hall.notice_send": DESK,
    "hall.message_requeue": DESK,
    "hall.joint_new": DESK,
    "hall.stage_answer": DESK,
    "hall.report_new": DESK,
    "hall.report_answer": DESK,
    "hall.report_informed": DESK,
    "hall.lights": VIEW,
    "hall.complaints": VIEW,
    "hall.complaint_new": MANAGE,
    "hall.complaints_month": VIEW,
    "hall.complaint": VIEW,
    "hall.complaint_assign": MANAGE,
    "hall.complaint_step": MANAGE,
    "hall.complaint_decide": MANAGE,
    "hall.ratings": VIEW,
    "hall.ratings_export": VIEW,
    "hall.rating": VIEW,
    "hall.rate": DESK,
    "hall.rating_verify": MANAGE,
    "hall.rating_rectify": MANAGE,
    "hall.rating_revisit": MANAGE,
    "hall.rating_appeal": DESK,
    "hall.rating_appeal_decide": MANAGE,
}
EXPECTED.update(
    {
        "hall.quarters": VIEW,
        "hall.supervisor_new": MANAGE,
        "hall.supervisor_end": MANAGE,
        "hall.visit_new": MANAGE,
        "hall.quarter_refresh": MANAGE,
        "hall.quarter": VIEW,
        "hall.quarter_publish": MANAGE,
        "hall.quarter_appeal": DESK,
        "hall.quarter_appeal_decide": MANAGE,
        "hall.quarter_finalize": MANAGE,
        "hall.quarter_docx": VIEW,
    }
)
EXPECTED.update({"hall.devices": MANAGE, "hall.device_new": MANAGE, "hall.device_revoke": MANAGE})

# Token routes of the hall devices' API: no session role opens them, every caller without a
# device token gets 401 (tests/test_access.py); the OpenAPI description is public.
DEVICE_API = {"hall_api.ratings", "hall_api.tickets"}
PUBLIC_API = {"hall_api.openapi"}
