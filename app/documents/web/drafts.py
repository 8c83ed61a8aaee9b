"""Drafting and the review workflow of a version: new draft, edit, submit, sign, withdraw."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...flashing import refusals_flashed
from .. import services
from ..forms import DraftForm, NewDraftForm, ReasonForm, SignForm
from ..logic import lifecycle as lc
from ..services import DocumentError
from .common import get_document, get_version


@permission_required("documents.edit")
def new_draft(doc_id):
    doc = get_document(doc_id)
    form = NewDraftForm()
    if form.validate_on_submit():
        with refusals_flashed(DocumentError):
            v = services.create_draft(current_user, doc, major=form.major.data, change_reason=form.change_reason.data)
            flash(f"已起草新版本 {v.revision}。", "success")
            return redirect(url_for("documents.edit_draft", version_id=v.id))
    return render_template("documents/new_draft.html", form=form, doc=doc)


@permission_required("documents.edit")
def edit_draft(version_id):
    v = get_version(version_id)
    if v.status != lc.DRAFT:
        flash("该版本已提交或已结束，不能再修改；如需修改请起草新版本。", "warning")
        return redirect(url_for("documents.version", version_id=v.id))
    form = DraftForm(obj=v if request.method == "GET" else None)
    if form.validate_on_submit():
        with refusals_flashed(DocumentError):
            services.update_draft(
                current_user,
                v,
                form.content_md.data,
                form.change_reason.data,
                int(form.row_version.data) if (form.row_version.data or "").isdigit() else None,
            )
            flash("草稿已保存。", "success")
            return redirect(url_for("documents.version", version_id=v.id))
    return render_template("documents/edit_draft.html", form=form, v=v, doc=v.document)


@permission_required("documents.edit")
def submit(version_id):
    v = get_version(version_id)
    with refusals_flashed(DocumentError):
        services.submit(current_user, v)
        flash(f"{v.document.number} {v.revision} 已提交审核，内容已冻结。", "success")
        for problem in services.numbering_problems(v):
            flash(f"请注意：{problem}", "warning")
    return redirect(url_for("documents.version", version_id=v.id))


@permission_required("documents.sign")
def sign(version_id):
    v = get_version(version_id)
    steps = services.signer_steps(current_user, v)
    form = SignForm()
    if steps == ["reviewer"]:
        form.meaning.choices = [(lc.MEANING_REVIEWED, lc.MEANING_REVIEWED), (lc.MEANING_REJECTED, lc.MEANING_REJECTED)]
    elif steps == ["approver"]:
        form.meaning.choices = [(lc.MEANING_APPROVED, lc.MEANING_APPROVED), (lc.MEANING_REJECTED, lc.MEANING_REJECTED)]
    if form.validate_on_submit():
        with refusals_flashed(DocumentError):
            services.sign(
                current_user, v, form.password.data, form.meaning.data, form.comment.data, form.effective_date.data
            )
            flash(f"已签名：{form.meaning.data}。", "success")
            return redirect(url_for("documents.version", version_id=v.id))
    return render_template(
        "documents/sign.html",
        form=form,
        v=v,
        doc=v.document,
        steps=steps,
        waiting=services.awaiting_reviewers(current_user, v),
        numbering_problems=services.numbering_problems(v),
    )


@permission_required("documents.edit")
def withdraw(version_id):
    v = get_version(version_id)
    form = ReasonForm()
    if form.validate_on_submit():
        with refusals_flashed(DocumentError):
            services.withdraw(current_user, v, form.reason.data)
            flash(f"已撤回 {v.revision}。", "success")
            return redirect(url_for("documents.show", doc_id=v.document_id))
    return render_template(
        "documents/reason_form.html",
        form=form,
        doc=v.document,
        heading=f"撤回 {v.document.number} 版本 {v.revision}",
        submit_label="撤回",
    )
