from app.auth.roles import ADMIN, ALL_ROLES, DOC_MANAGER

EXPECTED = {
    "govdocs.index": ALL_ROLES,
    "govdocs.upload": frozenset({ADMIN, DOC_MANAGER}),
    "govdocs.view": ALL_ROLES,
    "govdocs.original": ALL_ROLES,
    "govdocs.withdraw": frozenset({ADMIN, DOC_MANAGER}),
}
