from app.auth.roles import ADMIN, ALL_ROLES

EXPECTED = {"auth.logout": ALL_ROLES, "auth.users": frozenset({ADMIN})}
