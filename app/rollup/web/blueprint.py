"""Routes of the roll-up room (endpoint names are part of url_for, templates and the access table)."""

from .. import bp
from . import pages

bp.add_url_rule("/", "index", pages.index)
bp.add_url_rule("/c/<int:center_id>", "center", pages.center)
bp.add_url_rule("/c/<int:center_id>/w/<int:window_id>", "window_cases", pages.window_cases)
