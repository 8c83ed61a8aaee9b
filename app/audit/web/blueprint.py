"""Routes of the audit room (endpoint names are part of url_for, templates and the access table)."""

from .. import bp
from . import trail

bp.add_url_rule("/", "index", trail.index)
bp.add_url_rule("/export", "export", trail.export)
