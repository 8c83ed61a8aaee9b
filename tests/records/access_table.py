"""Expected roles per records route (tests/test_access.py checks every route as every role)."""

from app.auth.roles import ADMIN, ALL_ROLES, DOC_MANAGER, EVALUATOR, WINDOW_STAFF

VIEW = ALL_ROLES
EDIT = frozenset({ADMIN, DOC_MANAGER, EVALUATOR})
CASES = frozenset({ADMIN, DOC_MANAGER, EVALUATOR, WINDOW_STAFF})
IMPORT = frozenset({ADMIN, DOC_MANAGER})

EXPECTED = {
    "records.index": VIEW,
    "records.kind_list": VIEW,
    "records.kind_export": VIEW,
    "records.kind_detail": VIEW,
    "records.kind_new": EDIT,
    "records.kind_edit": EDIT,
    "records.kind_void": EDIT,
    "records.cases": VIEW,
    "records.cases_export": VIEW,
    "records.case_detail": VIEW,
    "records.case_new": CASES,
    "records.case_step": CASES,
    "records.case_void": EDIT,
    "records.lights": VIEW,
    "records.stats_page": VIEW,
    "records.stats_export": VIEW,
    "records.items": VIEW,
    "records.items_export": VIEW,
    "records.item_detail": VIEW,
    "records.item_new": EDIT,
    "records.item_revise": EDIT,
    "records.item_void": EDIT,
    "records.window_roster": VIEW,
    "records.roster_add": EDIT,
    "records.roster_move": EDIT,
    "records.import_page": IMPORT,
}
