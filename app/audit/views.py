from flask import current_app, render_template, request

from ..auth.permissions import permission_required
from ..extensions import db
from . import bp
from .models import AuditEntry
from .services import ACTION_LABELS


@bp.route("/")
@permission_required("audit.view")
def index():
    query = db.select(AuditEntry).order_by(AuditEntry.id.desc())
    filters = {k: request.args.get(k, "").strip() for k in ("username", "action", "object_type")}
    if filters["username"]:
        query = query.where(AuditEntry.username == filters["username"])
    if filters["action"]:
        query = query.where(AuditEntry.action == filters["action"])
    if filters["object_type"]:
        query = query.where(AuditEntry.object_type == filters["object_type"])
    page = db.paginate(query, per_page=current_app.config["PER_PAGE"] * 2, error_out=False)
    return render_template("audit/index.html", page=page, filters=filters, action_labels=ACTION_LABELS)
