"""Use cases of the records room, one module per subject: entries.py (save / correct / void any
record, rosters, service items), cases.py (办件 registration and steps), case_access.py (which
windows' cases a user may handle), imports.py (file imports). common.py holds the refusal type
and checks they share."""

from .common import RecordsError, StaleEdit
from .entries import add_to_roster, create_item, move_staff, revise_item, save, void

__all__ = ["RecordsError", "StaleEdit", "add_to_roster", "create_item", "move_staff", "revise_item", "save", "void"]
