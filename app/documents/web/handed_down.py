"""Rules handed down (issue 13 item 2): a center adds a 补充规定 or a 本地版本 to a rule of a center
above; a stale local version is redrafted from the upstream text now in force."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...flashing import refusals_flashed
from ..forms import VariantForm
from ..services import DocumentError
from ..services import handed_down as services
from .common import get_document, is_handed_down, readable_document


@permission_required("documents.edit")
def new_variant(doc_id):
    doc = readable_document(doc_id)
    if not is_handed_down(doc):
        abort(404)
    form = VariantForm.from_request(request)
    if form.validate_on_submit():
        with refusals_flashed(DocumentError):
            made = services.attach_variant(current_user, doc, **form.fields())
            flash(f"已创建 {made.number}（{made.variant_label}），草稿 A/0 提交审核、批准后在本中心施行。", "success")
            return redirect(url_for("documents.version", version_id=made.versions[0].id))
    return render_template("documents/variant_form.html", form=form, doc=doc)


@permission_required("documents.edit")
def redraft_local(doc_id):
    doc = get_document(doc_id)
    with refusals_flashed(DocumentError):
        v = services.redraft_local_version(current_user, doc)
        flash(f"已按上级现行文本起草 {doc.number} {v.revision}，请修改本地内容后提交审核。", "success")
        return redirect(url_for("documents.version", version_id=v.id))
    return redirect(url_for("documents.show", doc_id=doc.id))
