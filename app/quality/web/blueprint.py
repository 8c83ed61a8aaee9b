"""Routes of the quality room (endpoint names are part of url_for, templates and the access table)."""

from .. import bp
from . import audits, dashboard, nonconformities, objectives, proposals, reviews

# audits
bp.add_url_rule("/audits", "programme", audits.programme)
bp.add_url_rule("/audits/programme", "programme_new", audits.programme_new, methods=["POST"])
bp.add_url_rule("/audits/new", "audit_new", audits.audit_new, methods=["POST"])
bp.add_url_rule("/audits/<int:audit_id>", "audit_detail", audits.audit_detail)
bp.add_url_rule("/audits/<int:audit_id>/checklist", "audit_checklist", audits.audit_checklist, methods=["POST"])
bp.add_url_rule("/audits/items/<int:item_id>", "audit_finding", audits.audit_finding, methods=["POST"])
bp.add_url_rule("/audits/<int:audit_id>/perform", "audit_perform", audits.audit_perform, methods=["POST"])
bp.add_url_rule("/audits/<int:audit_id>/report", "audit_report_issue", audits.audit_report_issue, methods=["POST"])
bp.add_url_rule("/audits/<int:audit_id>/report.docx", "audit_report", audits.audit_report)
bp.add_url_rule("/auditors", "auditors", audits.auditors, methods=["GET", "POST"])
# dashboard
bp.add_url_rule("/", "index", dashboard.index)
# nonconformities
bp.add_url_rule("/nc", "nc_list", nonconformities.nc_list)
bp.add_url_rule("/nc/new", "nc_new", nonconformities.nc_new, methods=["GET", "POST"])
bp.add_url_rule("/nc/<int:nc_id>", "nc_detail", nonconformities.nc_detail)
bp.add_url_rule("/nc/<int:nc_id>/step", "nc_step", nonconformities.nc_step, methods=["POST"])
bp.add_url_rule("/nc/<int:nc_id>/effectiveness", "nc_effectiveness", nonconformities.nc_effectiveness, methods=["POST"])
bp.add_url_rule("/nc/<int:nc_id>/close", "nc_close", nonconformities.nc_close, methods=["POST"])
bp.add_url_rule("/nc/<int:nc_id>/void", "nc_void", nonconformities.nc_void, methods=["POST"])
bp.add_url_rule("/nc/<int:nc_id>/revise", "nc_revise", nonconformities.nc_revise, methods=["POST"])
# objectives
bp.add_url_rule("/objectives", "objectives", objectives.objectives)
bp.add_url_rule("/objectives/new", "objective_new", objectives.objective_new, methods=["POST"])
bp.add_url_rule("/objectives/refresh", "objectives_refresh", objectives.objectives_refresh, methods=["POST"])
# proposals
bp.add_url_rule("/proposals", "proposals", proposals.proposals)
bp.add_url_rule("/proposals/scan", "proposals_scan", proposals.proposals_scan, methods=["POST"])
bp.add_url_rule("/proposals/<int:proposal_id>/decide", "proposal_decide", proposals.proposal_decide, methods=["POST"])
# reviews
bp.add_url_rule("/reviews", "reviews", reviews.reviews)
bp.add_url_rule("/reviews/new", "review_new", reviews.review_new, methods=["POST"])
bp.add_url_rule("/reviews/<int:review_id>", "review_detail", reviews.review_detail)
bp.add_url_rule("/reviews/<int:review_id>/gather", "review_gather", reviews.review_gather, methods=["POST"])
bp.add_url_rule("/reviews/<int:review_id>/note", "review_note", reviews.review_note, methods=["POST"])
bp.add_url_rule("/reviews/<int:review_id>/hold", "review_hold", reviews.review_hold, methods=["POST"])
bp.add_url_rule("/reviews/<int:review_id>/actions", "review_action_new", reviews.review_action_new, methods=["POST"])
bp.add_url_rule(
    "/reviews/actions/<int:action_id>/done", "review_action_done", reviews.review_action_done, methods=["POST"]
)
bp.add_url_rule(
    "/reviews/actions/<int:action_id>/revise", "review_action_revise", reviews.review_action_revise, methods=["POST"]
)
bp.add_url_rule(
    "/reviews/<int:review_id>/minutes", "review_minutes_issue", reviews.review_minutes_issue, methods=["POST"]
)
bp.add_url_rule("/reviews/<int:review_id>/report.docx", "review_report", reviews.review_report)
