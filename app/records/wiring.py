"""The records room's part of the app beyond its routes: the words of its audit-trail entries, and
the staff register handed to the auth room (accounts for the roster, window-bound access rules)."""
from ..auth.directory import use_staff_directory
from .audit_labels import register_labels
from .queries.directory import RecordsStaffDirectory


def init_app(app) -> None:
    register_labels()
    use_staff_directory(RecordsStaffDirectory())
