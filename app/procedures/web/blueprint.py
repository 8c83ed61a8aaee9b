"""Routes of the procedures room (endpoint names are part of url_for, templates and the access table)."""

from .. import bp
from . import procedures

# procedures
bp.add_url_rule("/", "index", procedures.index)
