"""The search page."""

from flask import current_app, render_template, request
from flask_login import current_user

from ...auth.permissions import can, permission_required
from .. import sources
from ..services.results import search_page

FILTERS = ("kind", "status", "category", "authority", "year")


@permission_required("search.query")
def index():
    q = request.args.get("q", "").strip()[:200]
    filters = {name: request.args.get(name, "").strip()[:80] for name in FILTERS}
    sort = "date" if request.args.get("sort") == "date" else "relevance"
    page = request.args.get("page", 1, type=int) or 1
    results = None
    if q or any(filters.values()):
        results = search_page(current_user, q, filters, sort, max(page, 1), current_app.config.get("PER_PAGE", 20))
    statuses = sources.DOC_STATUSES + ["现行有效", "已修改", "尚未生效"]
    if not can(current_user, "documents.view_drafts"):  # window staff never see drafts: do not offer them
        statuses = [s for s in statuses if s not in sources.RESTRICTED]
    return render_template(
        "search/index.html",
        q=q,
        filters=filters,
        sort=sort,
        results=results,
        kinds=sources.kind_choices(),
        statuses=statuses,
        suggestions=suggestions(),
    )


def suggestions() -> dict[str, list[str]]:
    return sources.cached_suggestions()
