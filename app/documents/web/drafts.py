"""Drafting and the review workflow of a version: new draft, edit, submit, sign, withdraw."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...flashing import refusals_flashed
from .. import services
from ..forms import DraftForm, NewDraftForm, ReasonForm, SignForm
from ..logic import lifecycle as lc
from ..services import DocumentError, pages
from .common import frozen, get_document, get_version


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
        return frozen(v)
    form = DraftForm.from_request(request, v)
    if form.validate_on_submit():
        with refusals_flashed(DocumentError):
            services.update_draft(current_user, v, **form.fields())
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
    form = SignForm(steps=steps)
    if form.validate_on_submit():
        with refusals_flashed(DocumentError):
            services.sign(current_user, v, **form.fields())
            flash(f"已签名：{form.meaning.data}。", "success")
            return redirect(url_for("documents.version", version_id=v.id))
    return render_template("documents/sign.html", form=form, **pages.sign_page(current_user, v, steps))


@permission_required("documents.edit")
def withdraw(version_id):
    v = get_version(version_id)
    form = ReasonForm()
    if form.validate_on_submit():
        with refusals_flashed(DocumentError):
            services.withdraw(current_user, v, form.reason.data)
            flash(f"已撤回 {v.revision}。", "success")
            return redirect(url_for("documents.show", doc_id=v.document_id))
    labels = dict(heading=f"撤回 {v.document.number} 版本 {v.revision}", submit_label="撤回")
    return render_template("documents/reason_form.html", form=form, doc=v.document, **labels)
