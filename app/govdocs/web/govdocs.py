"""政府文件查阅: list, upload, read (with the searched passage marked), original file, withdraw."""

import os
import re

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from ...auth.permissions import permission_required
from ...downloads import DOCX, download
from ...search.analysis import highlight_pattern, parse_query
from ...search.services.results import mark
from .. import queries, services
from ..forms import UploadForm, WithdrawForm
from ..logic.extract import macro_parts, strip_macros

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


@permission_required("govdocs.view")
def index():
    category = request.args.get("category", "").strip()
    page = queries.documents_page(category, current_app.config.get("PER_PAGE", 20))
    return render_template("govdocs/index.html", page=page, category=category, categories=queries.categories())


@permission_required("govdocs.upload")
def upload():
    form = UploadForm()
    existing = None
    if form.validate_on_submit():
        storage = form.file.data
        if not storage or not getattr(storage, "filename", ""):
            form.file.errors.append("请选择要上传的文件。")
        else:
            meta = services.Meta(
                title=form.title.data or "",
                issuer=form.issuer.data or "",
                doc_number=form.doc_number.data or "",
                issued_on=form.issued_on.data,
                category=form.category.data or "",
                validity=form.validity.data,
            )
            try:
                doc = services.upload(current_user, storage.read(), storage.filename, meta)
            except services.GovDocError as exc:
                form.file.errors.append(str(exc))
                existing = exc.existing
            else:
                flash(f"已上传《{doc.title}》。", "success")
                return redirect(url_for("govdocs.view", doc_id=doc.id))
    elif request.method == "POST" and not form.file.data:
        form.file.errors.append("请选择要上传的文件。")
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
    pattern = highlight_pattern(parse_query(hl).terms) if hl else None
    paragraphs = [p for p in (doc.text or "").split("\n") if p.strip()]
    marked, n = [], 0
    for p in paragraphs:
        heading = _HEADING.match(p)  # .docx/.md text keeps Markdown marks; show them as formatting
        p = (p[heading.end() :] if heading else p).replace("**", "")
        html = mark(p, pattern)
        if pattern is not None and "<mark>" in html:
            n += 1
            html = Markup(str(html).replace("<mark>", f'<mark id="hl-{n}">', 1))
        marked.append((html, bool(heading)))
    return render_template(
        "govdocs/view.html", doc=doc, paragraphs=marked, hl=hl, form=WithdrawForm(row_version=doc.row_version)
    )


@permission_required("govdocs.view")
def original(doc_id):
    doc = queries.get_or_404(doc_id)
    path = services.file_path(doc)
    if not doc.stored_name or not os.path.exists(path):
        abort(404)
    name = doc.original_name or os.path.basename(path)
    if path.lower().endswith(".docx"):
        with open(path, "rb") as fh:
            data = fh.read()
        if macro_parts(data):  # stored before macros were refused: served without active content
            return download(
                strip_macros(data),
                name,
                mimetype=DOCX,
            )
    return download(path, name)


@permission_required("govdocs.upload")
def withdraw(doc_id):
    doc = queries.get_or_404(doc_id)
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash("请填写撤下的原因。", "error")
        return redirect(url_for("govdocs.view", doc_id=doc.id))
    try:
        services.withdraw(current_user, doc, form.reason.data, int(form.row_version.data or doc.row_version))
    except services.GovDocError as exc:
        flash(str(exc), "error")
    else:
        flash("已撤下该文件（记录保留，不再出现在检索结果中）。", "success")
    return redirect(url_for("govdocs.view", doc_id=doc.id))
