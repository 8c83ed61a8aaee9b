from app.auth.roles import ADMIN, ALL_ROLES

EXPECTED = {
    "auth.logout": ALL_ROLES,
    "auth.change_password": ALL_ROLES,
    "auth.users": frozenset({ADMIN}),
    "auth.user_detail": frozenset({ADMIN}),
    "auth.roster_accounts": frozenset({ADMIN}),
}
