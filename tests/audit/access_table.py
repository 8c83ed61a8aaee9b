from app.auth.roles import ADMIN, AUDITOR

EXPECTED = {"audit.index": frozenset({ADMIN, AUDITOR}), "audit.export": frozenset({ADMIN, AUDITOR})}
