"""管理评审 pages: the reviews, one review with its inputs by clause of 9.3.2, the meeting, the
decisions and actions, the report as .docx."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...centers.queries import current_center_name
from ...documents.logic.lifecycle import STATUS_LABELS
from ...downloads import download
from ...flashing import refusals_flashed
from .. import queries
from ..logic import reports, vocab
from ..logic.reviews import INPUTS
from ..models import ManagementReview, ReviewAction
from ..services import reviews as svc
from .common import REFUSALS, form_date, posted, users_for_select


@permission_required("quality.view")
def reviews():
    return render_template("quality/reviews.html", rows=queries.reviews(), v=vocab)


@permission_required("quality.manage")
def review_new():
    with refusals_flashed(REFUSALS):
        r = svc.create(current_user, form_date("period_start"), form_date("period_end"), form_date("planned_on"))
        flash(f"已建立管理评审 {r.number}，评审输入已从记录中汇总。", "success")
        return redirect(url_for("quality.review_detail", review_id=r.id))
    return redirect(url_for("quality.reviews"))


@permission_required("quality.view")
def review_detail(review_id):
    r = queries.get_or_404(ManagementReview, review_id)
    return render_template(
        "quality/review_detail.html",
        r=r,
        v=vocab,
        inputs=svc.inputs(r),
        order=INPUTS,
        carried=queries.carried_actions(r),
        categories=svc.CATEGORIES,
        users=users_for_select(),
        doc_status=STATUS_LABELS,
    )


@permission_required("quality.manage")
def review_gather(review_id):
    r = queries.get_or_404(ManagementReview, review_id)
    with refusals_flashed(REFUSALS):
        svc.regather(current_user, r, row_version=request.form.get("row_version"))
        flash("已根据最新记录重新汇总评审输入。", "success")
    return redirect(url_for("quality.review_detail", review_id=review_id))


@permission_required("quality.manage")
def review_note(review_id):
    r = queries.get_or_404(ManagementReview, review_id)
    fields = posted(("clause", "text"))
    with refusals_flashed(REFUSALS):
        svc.note_input(current_user, r, **fields, row_version=request.form.get("row_version"))
        flash("已补充评审输入。", "success")
    return redirect(url_for("quality.review_detail", review_id=review_id))


@permission_required("quality.manage")
def review_hold(review_id):
    r = queries.get_or_404(ManagementReview, review_id)
    fields = posted(("chair", "attendees", "conclusion"), dates=("held_on",))
    with refusals_flashed(REFUSALS):
        svc.hold(current_user, r, **fields, row_version=request.form.get("row_version"))
        flash("已记录评审会议。", "success")
    return redirect(url_for("quality.review_detail", review_id=review_id))


def _action_message(a) -> str:
    """What adding a review action did: the action, and the 不合格 it opened or the draft it started."""
    nc = f"，开具不合格 {a.nc.number}" if a.nc_id else ""
    draft = f"，起草 {a.revision.document.number} {a.revision.revision}" if a.revision_version_id else ""
    return f"已登记措施{nc}{draft}。"


@permission_required("quality.manage")
def review_action_new(review_id):
    r = queries.get_or_404(ManagementReview, review_id)
    fields = posted(("text", "category", "opens", "document_number"), ("owner_id",), ("due_on",))
    with refusals_flashed(REFUSALS):
        a = svc.add_action(current_user, r, **fields)
        flash(_action_message(a), "success")
    return redirect(url_for("quality.review_detail", review_id=review_id))


@permission_required("quality.act")
def review_action_done(action_id):
    a = queries.get_or_404(ReviewAction, action_id)
    with refusals_flashed(REFUSALS):
        svc.complete_action(current_user, a, request.form.get("note", ""), row_version=request.form.get("row_version"))
        flash("措施已办结。", "success")
    return redirect(request.form.get("next") or url_for("quality.review_detail", review_id=a.review_id))


@permission_required("quality.act")
def review_action_revise(action_id):
    a = queries.get_or_404(ReviewAction, action_id)
    with refusals_flashed(REFUSALS):
        a = svc.open_action_revision(current_user, a)
        flash(f"已起草 {a.revision.document.number} {a.revision.revision}，修订原因关联管理评审。", "success")
        return redirect(url_for("documents.version", version_id=a.revision_version_id))
    return redirect(url_for("quality.review_detail", review_id=a.review_id))


@permission_required("quality.manage")
def review_minutes_issue(review_id):
    r = queries.get_or_404(ManagementReview, review_id)
    with refusals_flashed(REFUSALS):
        svc.issue_minutes(current_user, r, row_version=request.form.get("row_version"))
        flash(f"{r.number} 管理评审报告已发布。", "success")
    return redirect(url_for("quality.review_detail", review_id=review_id))


@permission_required("quality.view")
def review_report(review_id):
    r = queries.get_or_404(ManagementReview, review_id)
    if r.state == "draft":
        flash("评审会议尚未召开。", "warning")
        return redirect(url_for("quality.review_detail", review_id=review_id))
    stream = reports.review_report(queries.review_report_data(r, current_center_name()))
    return download(stream, f"{r.number} 管理评审报告.docx")
