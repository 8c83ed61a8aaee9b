"""Word in and out: import a .docx as a new draft, export a version as a .docx."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...downloads import DOCX, download
from ...flashing import refusals_flashed
from ..forms import ImportForm
from ..services import DocumentError, transfer
from .common import get_document, may_export_controlled, readable_version


@permission_required("documents.edit")
def import_docx(doc_id):
    doc = get_document(doc_id)
    form = ImportForm()
    if form.validate_on_submit():
        with refusals_flashed(DocumentError):
            v = transfer.import_docx(current_user, doc, **form.fields())
            flash(f"已导入为草稿 {v.revision}，请核对后提交审核。", "success")
            return redirect(url_for("documents.version", version_id=v.id))
    return render_template("documents/import.html", form=form, doc=doc)


@permission_required("documents.export")
def export(version_id):
    v = readable_version(version_id)
    controlled = request.args.get("controlled") == "1" and may_export_controlled(v)
    try:
        stream, filename = transfer.export_docx(current_user, v, controlled)
    except DocumentError as exc:
        flash(str(exc), "danger")
        return redirect(url_for("documents.version", version_id=v.id))
    return download(stream, filename, mimetype=DOCX)
