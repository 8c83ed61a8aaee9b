"""Routes of the assessment room (endpoint names are part of url_for, templates and the access
table tests/assessment/access_table.py)."""

from .. import bp
from . import appeals, evaluation, exemplar_year, exemplars, months, ranking, schemes, sheets

POST = ["POST"]
ROUTES = [
    # months and the month's workflow
    ("/", "index", months.index, None),
    ("/months", "open_month", months.open_month, POST),
    ("/<int:year>/<int:month>", "month", months.month, None),
    ("/<int:year>/<int:month>/<action>", "month_action", months.month_action, POST),
    ("/<int:year>/<int:month>/review", "review", months.review, POST),
    ("/<int:year>/<int:month>/reopen", "reopen", months.reopen, POST),
    # sheets, entries, proposals, evidence
    ("/sheets/<int:sheet_id>", "sheet", sheets.sheet, None),
    ("/sheets/<int:sheet_id>/entries", "add_entry", sheets.add_entry, POST),
    ("/entries/<int:entry_id>/<action>", "entry_action", sheets.entry_action, POST),
    ("/sheets/<int:sheet_id>/propose", "propose", sheets.propose, POST),
    ("/entries/<int:entry_id>/attachment", "attachment", sheets.attachment, None),
    # appeals against a month sheet
    ("/sheets/<int:sheet_id>/appeal", "appeal", appeals.appeal, POST),
    ("/appeals/<int:appeal_id>/decide", "decide_appeal", appeals.decide_appeal, POST),
    # ranking, flags, charts, exports
    ("/<int:year>/<int:month>/ranking", "ranking", ranking.ranking, None),
    ("/<int:year>/<int:month>/bulletin.docx", "bulletin", ranking.bulletin, None),
    ("/<int:year>/<int:month>/ranking.xlsx", "ranking_xlsx", ranking.ranking_xlsx, None),
    ("/<int:year>/<int:month>/sheets.xlsx", "sheets_xlsx", ranking.sheets_xlsx, None),
    ("/<int:year>/<int:month>/evaluation", "evaluation", evaluation.evaluation, None),  # GB/T 32169.4
    ("/flags", "flags", ranking.flags, None),
    ("/flags/<int:year>.svg", "flags_chart", ranking.flags_chart, None),
    ("/windows/<int:window_id>", "window", ranking.window, None),
    ("/windows/<int:window_id>/trend.svg", "trend_chart", ranking.trend_chart, None),
    ("/sheets/<int:sheet_id>/breakdown.svg", "breakdown_chart", ranking.breakdown_chart, None),
    # schemes of rule SF-ZD-017
    ("/schemes", "schemes_index", schemes.schemes_index, None),
    ("/schemes/<int:sv_id>", "scheme_show", schemes.scheme_show, None),
    ("/schemes/source", "scheme_source", schemes.scheme_source, POST),
    ("/schemes/draft/<int:dv_id>", "scheme_edit", schemes.scheme_edit, ["GET", "POST"]),
    # 服务标兵 (exemplars)
    ("/exemplars", "exemplars_index", exemplars.exemplars_index, None),
    ("/exemplars", "cycle_create", exemplars.cycle_create, POST),
    ("/exemplars/<int:cycle_id>", "cycle", exemplars.cycle, None),
    ("/exemplars/<int:cycle_id>/nominate", "nominate", exemplars.nominate, POST),
    ("/exemplars/<int:cycle_id>/vote", "vote", exemplars.vote, POST),
    ("/exemplars/<int:cycle_id>/advance", "cycle_advance", exemplars.cycle_advance, POST),
    ("/nominations/<int:nomination_id>/scores", "nomination_scores", exemplars.nomination_scores, POST),
    ("/nominations/<int:nomination_id>/withdraw", "nomination_withdraw", exemplars.nomination_withdraw, POST),
    ("/exemplars/<int:cycle_id>/appeal", "cycle_appeal", exemplars.cycle_appeal, POST),
    ("/exemplar-appeals/<int:appeal_id>/decide", "decide_cycle_appeal", exemplars.decide_cycle_appeal, POST),
    ("/exemplars/<int:cycle_id>/results.docx", "cycle_results_docx", exemplars.cycle_results_docx, None),
    ("/nominations/<int:nomination_id>/certificate.docx", "certificate", exemplars.certificate, None),
    ("/exemplars/year/<int:year>", "exemplars_year", exemplar_year.exemplars_year, None),
    (
        "/exemplars/year/<int:year>/certificate/<int:staff_id>.docx",
        "annual_certificate",
        exemplar_year.annual_certificate,
        None,
    ),
]

for rule, endpoint, view, methods in ROUTES:
    bp.add_url_rule(rule, endpoint, view, methods=methods)
