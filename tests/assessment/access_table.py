from app.auth.permissions import PERMISSIONS

P = PERMISSIONS

EXPECTED = {
    # months, sheets, workflow
    "assessment.index": P["assessment.view"],
    "assessment.open_month": P["assessment.score"],
    "assessment.month": P["assessment.view"],
    "assessment.month_action": P["assessment.score"],
    "assessment.review": P["assessment.lock"],
    "assessment.reopen": P["assessment.reopen"],
    "assessment.sheet": P["assessment.view"],
    "assessment.add_entry": P["assessment.score"],
    "assessment.entry_action": P["assessment.score"],
    "assessment.propose": P["assessment.score"],
    "assessment.attachment": P["assessment.evidence"],
    "assessment.appeal": P["assessment.appeal"],
    "assessment.decide_appeal": P["assessment.decide_appeal"],
    # ranking, flags, charts, exports, schemes
    "assessment.ranking": P["assessment.view"],
    "assessment.bulletin": P["assessment.view"],
    "assessment.ranking_xlsx": P["assessment.view"],
    "assessment.sheets_xlsx": P["assessment.view"],
    "assessment.evaluation": P["assessment.view"],
    "assessment.flags": P["assessment.view"],
    "assessment.flags_chart": P["assessment.view"],
    "assessment.window": P["assessment.view"],
    "assessment.trend_chart": P["assessment.view"],
    "assessment.breakdown_chart": P["assessment.view"],
    "assessment.schemes_index": P["assessment.view"],
    "assessment.scheme_show": P["assessment.view"],
    "assessment.scheme_edit": P["assessment.scheme_edit"],
    # 服务标兵 (exemplars)
    "assessment.exemplars_index": P["assessment.view"],
    "assessment.cycle_create": P["assessment.exemplars_manage"],
    "assessment.cycle": P["assessment.view"],
    "assessment.nominate": P["assessment.nominate"],
    "assessment.vote": P["assessment.vote"],
    "assessment.cycle_advance": P["assessment.exemplars_manage"],
    "assessment.nomination_scores": P["assessment.exemplars_manage"],
    "assessment.nomination_withdraw": P["assessment.exemplars_manage"],
    "assessment.cycle_appeal": P["assessment.appeal"],
    "assessment.decide_cycle_appeal": P["assessment.decide_appeal"],
    "assessment.cycle_results_docx": P["assessment.view"],
    "assessment.certificate": P["assessment.view"],
    "assessment.exemplars_year": P["assessment.view"],
    "assessment.annual_certificate": P["assessment.view"],
}
