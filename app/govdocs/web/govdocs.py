"""政府文件查阅: list, upload, read (with the searched passage marked), original file, withdraw."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...downloads import DOCX, download
from ...flashing import refusals_flashed
from ...kernel import DomainError
from .. import queries, services
from ..forms import UploadForm, WithdrawForm
from .common import marked_paragraphs


@permission_required("govdocs.view")
def index():
    category = request.args.get("category", "").strip()
    page = queries.documents_page(category, current_app.config.get("PER_PAGE", 20))
    return render_template("govdocs/index.html", page=page, category=category, categories=queries.categories())


@permission_required("govdocs.upload")
def upload():
    form, existing = UploadForm(), None
    valid = form.validate_on_submit()
    storage = form.chosen_file() if request.method == "POST" else None
    if valid and storage:
        try:
            doc = services.upload(current_user, storage.read(), storage.filename, services.Meta(**form.meta_fields()))
        except services.GovDocError as exc:
            form.file.errors.append(str(exc))
            existing = exc.existing
        else:
            flash(f"已上传《{doc.title}》。", "success")
            return redirect(url_for("govdocs.view", doc_id=doc.id))
    return render_template("govdocs/upload.html", form=form, existing=existing)


def too_large(_exc):
    """An upload over MAX_CONTENT_LENGTH: the form again with the limit (registered in blueprint.py)."""
    form = UploadForm(formdata=None)
    limit = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)
    form.file.errors = [f"文件超过 {limit} MB 的上限，未保存。请压缩或拆分后再上传。"]
    return render_template("govdocs/upload.html", form=form, existing=None), 413


@permission_required("govdocs.view")
def view(doc_id):
    doc = queries.get_or_404(doc_id)
    hl = request.args.get("hl", "").strip()[:100]
    form = WithdrawForm(row_version=doc.row_version)
    return render_template("govdocs/view.html", doc=doc, paragraphs=marked_paragraphs(doc.text, hl), hl=hl, form=form)


@permission_required("govdocs.view")
def original(doc_id):
    found = services.stored_file(queries.get_or_404(doc_id))
    if found is None:
        abort(404)
    data, name = found
    return download(data, name, mimetype=DOCX if isinstance(data, bytes) else None)


@permission_required("govdocs.upload")
def withdraw(doc_id):
    doc = queries.get_or_404(doc_id)
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash("请填写撤下的原因。", "error")
        return redirect(url_for("govdocs.view", doc_id=doc.id))
    with refusals_flashed(services.GovDocError, DomainError):
        services.withdraw(current_user, doc, form.reason.data, form.row_version.data)
        flash("已撤下该文件（记录保留，不再出现在检索结果中）。", "success")
    return redirect(url_for("govdocs.view", doc_id=doc.id))
