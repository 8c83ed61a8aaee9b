"""定期评审: the review-due dashboard and recording a review of a document."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ...flashing import refusals_on_field
from .. import queries
from ..forms import ReviewForm
from ..services import DocumentError, pages
from ..services import review as review_service
from .common import get_document


@permission_required("documents.review_due")
def review_due():
    show_all = bool(request.args.get("all"))
    rows = queries.review_dashboard(local_today(), include_ok=show_all)
    return render_template("documents/review_due.html", rows=rows, show_all=show_all)


@permission_required("documents.edit")
def record_review(doc_id):
    doc, today = get_document(doc_id), local_today()
    form = ReviewForm.from_request(request, today)
    if form.validate_on_submit():
        with refusals_on_field(form, "conclusion", DocumentError):
            review_service.record_review(current_user, doc, **form.fields(), today=today)
            flash(f"已记录 {doc.number} 的定期评审（{form.conclusion.data}）。", "success")
            return redirect(url_for("documents.show", doc_id=doc.id) + "#review")
    reviews, due = review_service.reviews_of(doc), pages.review_due(doc, today)
    return render_template("documents/review_form.html", doc=doc, form=form, reviews=reviews, due=due)
