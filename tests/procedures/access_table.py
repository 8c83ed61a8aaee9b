from app.auth.roles import ALL_ROLES

EXPECTED = {"procedures.index": ALL_ROLES}
