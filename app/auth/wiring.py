"""The auth room's part of the app beyond its routes: the words of its audit-trail entries, its
permission rules handed to the service kernel (so the kernel imports no room), the session check
before every request and the security headers after it."""

from ..kernel import use_access_rules
from .audit_labels import register_labels
from .permissions import can, permission_required
from .web import headers, sessions


def init_app(app) -> None:
    register_labels()
    use_access_rules(can, permission_required)
    app.before_request(sessions.guard_session)
    app.after_request(headers.apply)
