"""The auth room's part of the app beyond its routes: the words of its audit-trail entries, and its
permission rules handed to the service kernel (so the kernel imports no room)."""
from ..kernel import use_access_rules
from .audit_labels import register_labels
from .permissions import can, permission_required


def init_app(app) -> None:
    register_labels()
    use_access_rules(can, permission_required)
