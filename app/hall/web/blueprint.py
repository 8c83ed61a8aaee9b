"""Routes of the hall room (endpoint names are part of url_for, templates and the access table)."""

from .. import api_bp, bp
from . import api, cases, complaints, contacts, devices, materials, overview, quarters, ratings

bp.add_url_rule("/", "index", overview.index)
# 首问负责
bp.add_url_rule("/contacts/", "contacts", contacts.contacts)
bp.add_url_rule("/contacts/new", "contact_new", contacts.contact_new, methods=["POST"])
bp.add_url_rule("/contacts/<int:contact_id>", "contact", contacts.contact)
bp.add_url_rule("/contacts/<int:contact_id>/handover", "contact_handover", contacts.contact_handover, methods=["POST"])
bp.add_url_rule("/contacts/<int:contact_id>/confirm", "contact_confirm", contacts.contact_confirm, methods=["POST"])
bp.add_url_rule("/contacts/<int:contact_id>/answer", "contact_answer", contacts.contact_answer, methods=["POST"])
bp.add_url_rule("/contacts/<int:contact_id>/case", "contact_to_case", contacts.contact_to_case, methods=["POST"])
# 一次性告知
bp.add_url_rule("/materials/", "materials", materials.materials)
bp.add_url_rule("/materials/import", "materials_import", materials.materials_import, methods=["POST"])
bp.add_url_rule("/materials/<int:item_id>", "item_materials", materials.item_materials)
bp.add_url_rule("/materials/<int:item_id>/save", "item_materials_save", materials.item_materials_save, methods=["POST"])
bp.add_url_rule("/cases/<int:case_id>", "case", cases.case)
bp.add_url_rule("/cases/<int:case_id>/supplement", "supplement_issue", cases.supplement_issue, methods=["POST"])
bp.add_url_rule("/notices/<int:notice_id>.docx", "notice_docx", cases.notice_docx)
bp.add_url_rule("/notices/<int:notice_id>/send", "notice_send", cases.notice_send, methods=["POST"])
bp.add_url_rule("/messages/<int:message_id>/requeue", "message_requeue", cases.message_requeue, methods=["POST"])
# 联办件 / 超时默许 / 上报件
bp.add_url_rule("/cases/<int:case_id>/joint", "joint_new", cases.joint_new, methods=["POST"])
bp.add_url_rule("/stages/<int:stage_id>/answer", "stage_answer", cases.stage_answer, methods=["POST"])
bp.add_url_rule("/cases/<int:case_id>/report", "report_new", cases.report_new, methods=["POST"])
bp.add_url_rule("/reports/<int:report_id>/answer", "report_answer", cases.report_answer, methods=["POST"])
bp.add_url_rule("/reports/<int:report_id>/informed", "report_informed", cases.report_informed, methods=["POST"])
bp.add_url_rule("/lights", "lights", cases.lights)
# 效能投诉
bp.add_url_rule("/complaints/", "complaints", complaints.complaints)
bp.add_url_rule("/complaints/new", "complaint_new", complaints.complaint_new, methods=["POST"])
bp.add_url_rule("/complaints/month", "complaints_month", complaints.complaints_month)
bp.add_url_rule("/complaints/<int:complaint_id>", "complaint", complaints.complaint)
bp.add_url_rule(
    "/complaints/<int:complaint_id>/assign", "complaint_assign", complaints.complaint_assign, methods=["POST"]
)
bp.add_url_rule("/complaints/<int:complaint_id>/step", "complaint_step", complaints.complaint_step, methods=["POST"])
bp.add_url_rule(
    "/complaints/<int:complaint_id>/decide", "complaint_decide", complaints.complaint_decide, methods=["POST"]
)
# 好差评
bp.add_url_rule("/ratings/", "ratings", ratings.ratings)
bp.add_url_rule("/ratings/indicators.xlsx", "ratings_export", ratings.ratings_export)
bp.add_url_rule("/ratings/<int:rating_id>", "rating", ratings.rating)
bp.add_url_rule("/cases/<int:case_id>/rate", "rate", ratings.rate, methods=["POST"])
bp.add_url_rule("/ratings/<int:rating_id>/verify", "rating_verify", ratings.rating_verify, methods=["POST"])
bp.add_url_rule("/ratings/<int:rating_id>/rectify", "rating_rectify", ratings.rating_rectify, methods=["POST"])
bp.add_url_rule("/ratings/<int:rating_id>/revisit", "rating_revisit", ratings.rating_revisit, methods=["POST"])
bp.add_url_rule("/ratings/<int:rating_id>/appeal", "rating_appeal", ratings.rating_appeal, methods=["POST"])
bp.add_url_rule(
    "/ratings/<int:rating_id>/appeal/decide", "rating_appeal_decide", ratings.rating_appeal_decide, methods=["POST"]
)
# 季评公示 / 效能监督员
bp.add_url_rule("/quarters/", "quarters", quarters.quarters)
bp.add_url_rule("/supervisors/new", "supervisor_new", quarters.supervisor_new, methods=["POST"])
bp.add_url_rule("/supervisors/<int:supervisor_id>/end", "supervisor_end", quarters.supervisor_end, methods=["POST"])
bp.add_url_rule("/visits/new", "visit_new", quarters.visit_new, methods=["POST"])
bp.add_url_rule("/quarters/refresh", "quarter_refresh", quarters.quarter_refresh, methods=["POST"])
bp.add_url_rule("/quarters/<int:review_id>", "quarter", quarters.quarter)
bp.add_url_rule("/quarters/<int:review_id>/publish", "quarter_publish", quarters.quarter_publish, methods=["POST"])
bp.add_url_rule("/quarters/<int:review_id>/appeal", "quarter_appeal", quarters.quarter_appeal, methods=["POST"])
bp.add_url_rule(
    "/quarter-appeals/<int:appeal_id>/decide", "quarter_appeal_decide", quarters.quarter_appeal_decide, methods=["POST"]
)
bp.add_url_rule("/quarters/<int:review_id>/finalize", "quarter_finalize", quarters.quarter_finalize, methods=["POST"])
bp.add_url_rule("/quarters/<int:review_id>.docx", "quarter_docx", quarters.quarter_docx)
# 大厅设备接口 (token per device; registered by app/hall/wiring.py, CSRF-exempt)
api_bp.add_url_rule("/ratings", "ratings", api.post_rating, methods=["POST"])
api_bp.add_url_rule("/tickets", "tickets", api.post_ticket, methods=["POST"])
api_bp.add_url_rule("/openapi.json", "openapi", api.openapi)
bp.add_url_rule("/devices/", "devices", devices.devices)
bp.add_url_rule("/devices/new", "device_new", devices.device_new, methods=["POST"])
bp.add_url_rule("/devices/<int:device_id>/revoke", "device_revoke", devices.device_revoke, methods=["POST"])
