"""Routes of the rules room (endpoint names are part of url_for, templates and the access table)."""

from .. import bp
from . import rules

# rules
bp.add_url_rule("/", "index", rules.index)
bp.add_url_rule("/compilation", "compilation", rules.compilation)
bp.add_url_rule("/<int:doc_id>", "rule", rules.rule)
