"""The audit trail page."""
from flask import current_app, render_template, request

from ...kernel import permission_required
from .. import labels
from ..queries import FILTERS, entries_page


@permission_required("audit.view")
def index():
    filters = {k: request.args.get(k, "").strip() for k in FILTERS}
    page = entries_page(filters, per_page=current_app.config["PER_PAGE"] * 2)
    return render_template("audit/index.html", page=page, filters=filters, action_labels=labels.ACTIONS)
