"""Routes of the search room (endpoint names are part of url_for, templates and the access table)."""

from .. import bp
from . import search

# search
bp.add_url_rule("/", "index", search.index)
