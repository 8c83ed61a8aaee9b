"""Routes of the documents room (endpoint names are part of url_for, templates and the access table)."""

from .. import bp
from . import documents, drafts, handed_down, reading, review, settings, word

# documents
bp.add_url_rule("/", "register", documents.register)
bp.add_url_rule("/new", "new_document", documents.new_document, methods=["GET", "POST"])
bp.add_url_rule("/<int:doc_id>", "show", documents.show)
bp.add_url_rule("/<int:doc_id>/on", "on_date", documents.on_date)
bp.add_url_rule("/versions/<int:version_id>", "version", documents.version)
bp.add_url_rule("/<int:doc_id>/properties", "properties", documents.properties, methods=["GET", "POST"])
bp.add_url_rule("/<int:doc_id>/repeal", "repeal", documents.repeal, methods=["GET", "POST"])
bp.add_url_rule("/<int:doc_id>/compare", "compare", documents.compare)

# drafts
bp.add_url_rule("/<int:doc_id>/drafts/new", "new_draft", drafts.new_draft, methods=["GET", "POST"])
bp.add_url_rule("/versions/<int:version_id>/edit", "edit_draft", drafts.edit_draft, methods=["GET", "POST"])
bp.add_url_rule("/versions/<int:version_id>/submit", "submit", drafts.submit, methods=["POST"])
bp.add_url_rule("/versions/<int:version_id>/sign", "sign", drafts.sign, methods=["GET", "POST"])
bp.add_url_rule("/versions/<int:version_id>/withdraw", "withdraw", drafts.withdraw, methods=["GET", "POST"])

# handed_down
bp.add_url_rule("/<int:doc_id>/local/new", "new_variant", handed_down.new_variant, methods=["GET", "POST"])
bp.add_url_rule("/<int:doc_id>/local/redraft", "redraft_local", handed_down.redraft_local, methods=["POST"])

# reading
bp.add_url_rule("/versions/<int:version_id>/acknowledge", "acknowledge", reading.acknowledge, methods=["POST"])
bp.add_url_rule("/to-read", "to_read", reading.to_read)
bp.add_url_rule("/reading", "reading_overview", reading.reading_overview)
bp.add_url_rule("/versions/<int:version_id>/readers", "readers", reading.readers)

# review
bp.add_url_rule("/review-due", "review_due", review.review_due)
bp.add_url_rule("/<int:doc_id>/review", "record_review", review.record_review, methods=["GET", "POST"])

# settings
bp.add_url_rule("/settings", "settings", settings.settings, methods=["GET", "POST"])

# word
bp.add_url_rule("/<int:doc_id>/import", "import_docx", word.import_docx, methods=["GET", "POST"])
bp.add_url_rule("/versions/<int:version_id>/export", "export", word.export)
