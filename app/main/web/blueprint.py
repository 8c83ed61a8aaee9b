"""Routes of the main room (endpoint names are part of url_for, templates and the access table)."""

from .. import bp
from . import home

# home
bp.add_url_rule("/", "index", home.index)
