from app.auth.roles import ALL_ROLES

EXPECTED = {"main.index": ALL_ROLES}
