"""定期评审: the review-due dashboard and recording a review of a document."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ...flashing import roll_back
from .. import queries, services
from ..forms import ReviewForm
from ..services import DocumentError
from ..services import review as review_service
from .common import get_document


@permission_required("documents.review_due")
def review_due():
    show_all = bool(request.args.get("all"))
    rows = queries.review_dashboard(local_today(), include_ok=show_all)
    return render_template("documents/review_due.html", rows=rows, show_all=show_all)


@permission_required("documents.edit")
def record_review(doc_id):
    doc = get_document(doc_id)
    today = local_today()
    form = ReviewForm()
    if request.method == "GET":
        form.reviewed_on.data = today
    elif form.validate_on_submit():
        try:
            review_service.record_review(
                current_user, doc, form.reviewed_on.data, form.conclusion.data, form.note.data, today=today
            )
        except DocumentError as exc:
            roll_back()
            target = getattr(form, getattr(exc, "field", "conclusion"), form.conclusion)
            target.errors = list(target.errors) + [str(exc)]
        else:
            flash(f"已记录 {doc.number} 的定期评审（{form.conclusion.data}）。", "success")
            return redirect(url_for("documents.show", doc_id=doc.id) + "#review")
    return render_template(
        "documents/review_form.html",
        doc=doc,
        form=form,
        reviews=review_service.reviews_of(doc),
        due=document_due(doc, today),
    )


def document_due(doc, today):
    """The review due state of one document (None when nothing is in force)."""
    current = services.version_in_force(doc, today)
    if current is None:
        return None
    return queries.review_states([current], today)[doc.id].due
