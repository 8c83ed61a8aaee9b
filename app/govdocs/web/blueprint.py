"""Routes of the govdocs room (endpoint names are part of url_for, templates and the access table)."""

from werkzeug.exceptions import RequestEntityTooLarge

from .. import bp
from . import govdocs

# govdocs
bp.add_url_rule("/", "index", govdocs.index)
bp.add_url_rule("/upload", "upload", govdocs.upload, methods=["GET", "POST"])
bp.add_url_rule("/<int:doc_id>", "view", govdocs.view)
bp.add_url_rule("/<int:doc_id>/file", "original", govdocs.original)
bp.add_url_rule("/<int:doc_id>/withdraw", "withdraw", govdocs.withdraw, methods=["POST"])
bp.register_error_handler(RequestEntityTooLarge, govdocs.too_large)
