from app.auth.roles import ALL_ROLES

EXPECTED = {
    "rules.index": ALL_ROLES,
    "rules.compilation": ALL_ROLES,
    "rules.rule": ALL_ROLES,
}
