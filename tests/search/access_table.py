from app.auth.roles import ALL_ROLES

EXPECTED = {
    "search.index": ALL_ROLES,
}
