"""Document register, document and version pages, properties, repeal and comparing versions."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import can, handed_down_center_ids, permission_required, visible_center_ids
from ...auth.roles import ROLE_LABELS
from ...core.timeutil import format_date_cn, local_today
from ...flashing import refusals_flashed
from .. import bp, queries, services
from ..forms import DocumentForm, PropertiesForm, RepealForm, ReviewForm
from ..services import DocumentError, pages, transfer
from .common import (
    get_document,
    handed_down_on,
    is_handed_down,
    parse_day,
    readable_document,
    readable_version,
    register_choices,
    register_filters,
    register_reading,
    status_view,
)


@bp.app_template_global()
def doc_status(version, on=None):
    return status_view(version, on)


@bp.app_template_global()
def local_rules_below(doc):
    """(center, kinds) of the centers below with a 补充规定 / 本地版本 of `doc` in force today (the
    rule's own page; only for the roles the permission module lets see that: "local_rules")."""
    return queries.variants_below(doc, local_today(), visible_center_ids(current_user, "local_rules"))


@bp.app_template_global()
def upstream_rule(doc):
    """The rule above that one's own 补充规定 / 本地版本 belongs to (the page header names it)."""
    return queries.upstream_of(doc, handed_down_center_ids(current_user))


@permission_required("documents.view")
def register():
    today, f = local_today(), register_filters()
    page, rows = queries.register_page(today, **f, **register_reading())
    choices = register_choices(f["kind"])
    return render_template("documents/register.html", page=page, rows=rows, filters=f, today=today, **choices)


@permission_required("documents.edit")
def new_document():
    form = DocumentForm(kind=request.args.get("kind", "rule"))
    if form.validate_on_submit():
        with refusals_flashed(DocumentError):
            doc = transfer.create_document(current_user, form.upload(), **form.fields())
            flash(f"已创建 {doc.number}，草稿 A/0 可继续编辑后提交审核。", "success")
            return redirect(url_for("documents.version", version_id=doc.versions[0].id))
    return render_template("documents/document_form.html", form=form)


@permission_required("documents.view")
def show(doc_id):
    doc, today = readable_document(doc_id), local_today()
    if is_handed_down(doc):
        page = pages.handed_down_page(current_user, doc, today)
        return render_template("documents/handed_down.html", doc=doc, role_labels=ROLE_LABELS, **page)
    page = pages.document_page(current_user, doc, today)
    may_review = page["current"] is not None and can(current_user, "documents.edit")
    review_form = ReviewForm.blank(today) if may_review else None
    return render_template("documents/document.html", doc=doc, review_form=review_form, role_labels=ROLE_LABELS, **page)


@permission_required("documents.view")
def on_date(doc_id):
    doc = readable_document(doc_id)
    day = parse_day(request.args.get("date"), local_today())
    if request.args.get("date") and parse_day(request.args.get("date")) is None:
        flash("日期格式不正确，已显示今天的有效文本。", "warning")
    if is_handed_down(doc):  # the text in force in the user's center (issue 13 item 2)
        return render_template("documents/on_date.html", doc=doc, day=day, **handed_down_on(doc, day))
    version = services.version_in_force(doc, day)
    return render_template("documents/on_date.html", doc=doc, day=day, version=version)


@permission_required("documents.view")
def version(version_id):
    v = readable_version(version_id)
    return render_template("documents/version.html", **pages.version_page(current_user, v))


@permission_required("documents.edit")
def properties(doc_id):
    doc = get_document(doc_id)
    form = PropertiesForm.from_request(request, doc)
    if form.validate_on_submit():
        with refusals_flashed(DocumentError):
            services.update_document(current_user, doc, **form.fields())
            flash("登记信息已保存。", "success")
            return redirect(url_for("documents.show", doc_id=doc.id))
    return render_template("documents/properties.html", form=form, doc=doc)


@permission_required("documents.edit")
def repeal(doc_id):
    doc = get_document(doc_id)
    form = RepealForm.from_request(request, local_today())
    if form.validate_on_submit():
        with refusals_flashed(DocumentError):
            services.repeal(current_user, doc, **form.fields())
            flash(f"{doc.number} 自 {format_date_cn(form.on_date.data)} 起废止。", "success")
            return redirect(url_for("documents.show", doc_id=doc.id))
    return render_template("documents/repeal.html", form=form, doc=doc)


@permission_required("documents.view")
def compare(doc_id):
    doc = readable_document(doc_id)
    a, b = request.args.get("a", type=int), request.args.get("b", type=int)
    return render_template(
        "documents/compare.html", doc=doc, **pages.compare_page(current_user, doc, a, b, local_today())
    )
