"""Document register, document and version pages, properties, repeal and comparing versions."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import can, handed_down_center_ids, permission_required, visible_center_ids
from ...auth.roles import ROLE_LABELS
from ...core.timeutil import format_date_cn, local_today
from ...flashing import refusals_flashed
from .. import bp, queries, services
from ..forms import DocumentForm, PropertiesForm, RepealForm, ReviewForm
from ..logic import lifecycle as lc
from ..logic.diff import compare_markdown
from ..models import KIND_LABELS
from ..services import DocumentError, transfer
from ..services.reading import has_acknowledged
from ..services.review import reviews_of
from .common import (
    can_see_drafts,
    compare_choices,
    get_document,
    handed_down_on,
    is_handed_down,
    parse_day,
    readable_document,
    readable_version,
    status_view,
    visible,
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
    today = local_today()
    f = {k: request.args.get(k, "").strip() for k in ("kind", "category", "status", "q")}
    page, rows = queries.register_page(
        today,
        kind=f["kind"],
        category=f["category"],
        status=f["status"],
        q=f["q"],
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PER_PAGE"],
        include_drafts=can_see_drafts(),
        above=handed_down_center_ids(current_user),
    )
    statuses = lc.STATUS_LABELS if can_see_drafts() else {k: lc.STATUS_LABELS[k] for k in queries.PUBLIC_STATUSES}
    return render_template(
        "documents/register.html",
        page=page,
        rows=rows,
        filters=f,
        kinds=KIND_LABELS,
        categories=queries.categories(f["kind"]),
        statuses=statuses,
        today=today,
    )


@permission_required("documents.edit")
def new_document():
    form = DocumentForm(kind=request.args.get("kind", "rule"))
    upload = form.file.data if request.method == "POST" else None
    has_file = bool(upload is not None and getattr(upload, "filename", ""))
    if form.validate_on_submit() and not (form.title.data or "").strip() and not has_file:
        form.title.errors = ["请填写文件名称。"]
    elif form.validate_on_submit():
        fields = dict(
            kind=form.kind.data,
            title=form.title.data,
            category=form.category.data,
            owner_office=form.owner_office.data,
            review_interval_months=form.review_interval_months.data,
            distribution=",".join(form.distribution_roles.data or []) or "all",
            change_reason=form.change_reason.data or "首次发布",
            iso_clause=form.iso_clause.data,
        )
        with refusals_flashed(DocumentError):
            if has_file:
                doc = transfer.create_from_docx(current_user, upload.stream, upload.filename, **fields)
            else:
                doc = services.create_document(current_user, content_md=form.content_md.data or "", **fields)
            flash(f"已创建 {doc.number}，草稿 A/0 可继续编辑后提交审核。", "success")
            return redirect(url_for("documents.version", version_id=doc.versions[0].id))
    return render_template("documents/document_form.html", form=form)


@permission_required("documents.view")
def show(doc_id):
    doc = readable_document(doc_id)
    today = local_today()
    if is_handed_down(doc):
        return _show_handed_down(doc, today)
    current = services.version_in_force(doc, today)
    shown = current or services.latest_approved(doc)
    if shown is None and can_see_drafts():
        shown = doc.versions[-1] if doc.versions else None
    versions = [v for v in reversed(doc.versions) if visible(v)]
    acked = has_acknowledged(current_user, current) if current is not None else False
    review_form = None
    if current is not None and can(current_user, "documents.edit"):
        review_form = ReviewForm(formdata=None)
        review_form.reviewed_on.data = today
    return render_template(
        "documents/document.html",
        doc=doc,
        current=current,
        shown=shown,
        versions=versions,
        open_version=services.open_version(doc),
        acked=acked,
        today=today,
        due=queries.review_states([current], today)[doc.id].due if current else None,
        reviews=reviews_of(doc),
        review_form=review_form,
        distributed=lc.is_distributed_to(doc.distribution, current_user.role),
        role_labels=ROLE_LABELS,
        signatures=services.verify_signatures(shown) if shown else [],
    )


def _show_handed_down(doc, today):
    """A rule handed down from a center above, as it applies in the user's center (issue 13 item 2):
    the upstream text (or this center's local version) with this center's supplements."""
    got = queries.applicable_here(doc, today)
    text = got.text_version
    variants = queries.variants_of([doc.id]).get(doc.id, [])
    has_local = any(d.variant_kind == "local_version" and d.repealed_on is None for d in variants)
    return render_template(
        "documents/handed_down.html",
        doc=doc,
        got=got,
        text=text,
        issuer=queries.center_names([doc.center_id]).get(doc.center_id, ""),
        variants=variants,
        has_local=has_local,
        versions=[v for v in reversed(doc.versions) if visible(v)],
        acked=has_acknowledged(current_user, text) if text is not None else False,
        distributed=lc.is_distributed_to(doc.distribution, current_user.role),
        today=today,
        role_labels=ROLE_LABELS,
    )


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
    steps = services.signer_steps(current_user, v) if can(current_user, "documents.sign") else []
    return render_template(
        "documents/version.html",
        v=v,
        doc=v.document,
        signatures=services.verify_signatures(v),
        steps=steps,
        pending=services.pending_reviewers(v) if v.status == lc.IN_REVIEW else [],
        hash_ok=(v.content_sha256 is None or v.content_sha256 == lc.content_sha256(v.content_md)),
    )


@permission_required("documents.edit")
def properties(doc_id):
    doc = get_document(doc_id)
    form = PropertiesForm(obj=doc if request.method == "GET" else None)
    if request.method == "GET":
        form.distribution_roles.data = sorted(lc.parse_distribution(doc.distribution) or [])
    if form.validate_on_submit():
        with refusals_flashed(DocumentError):
            services.update_document(
                current_user,
                doc,
                int(form.row_version.data) if (form.row_version.data or "").isdigit() else None,
                form.title.data,
                form.category.data,
                form.owner_office.data,
                form.review_interval_months.data,
                ",".join(form.distribution_roles.data or []) or "all",
                form.iso_clause.data,
            )
            flash("登记信息已保存。", "success")
            return redirect(url_for("documents.show", doc_id=doc.id))
    return render_template("documents/properties.html", form=form, doc=doc)


@permission_required("documents.edit")
def repeal(doc_id):
    doc = get_document(doc_id)
    form = RepealForm()
    if request.method == "GET":
        form.on_date.data = local_today()
    if form.validate_on_submit():
        replaced_by = None
        number = (form.replaced_by.data or "").strip()
        if number:
            replaced_by = services.find_by_number(number)
        if number and replaced_by is None:
            form.replaced_by.errors.append(f"找不到编号为 {number} 的文件。")
        else:
            with refusals_flashed(DocumentError):
                services.repeal(current_user, doc, form.reason.data, replaced_by, form.on_date.data)
                flash(f"{doc.number} 自 {format_date_cn(form.on_date.data)} 起废止。", "success")
                return redirect(url_for("documents.show", doc_id=doc.id))
    return render_template("documents/repeal.html", form=form, doc=doc)


@permission_required("documents.view")
def compare(doc_id):
    doc = readable_document(doc_id)
    versions, labels, default = compare_choices(doc)
    by_id = {v.id: v for v in versions}
    old = by_id.get(request.args.get("a", type=int)) or default[0]
    new = by_id.get(request.args.get("b", type=int)) or default[1]
    changes = compare_markdown(old.content_md, new.content_md) if old and new else []
    counts = {k: sum(1 for c in changes if c.kind == k) for k in ("same", "changed", "added", "removed")}
    return render_template(
        "documents/compare.html",
        doc=doc,
        versions=versions,
        labels=labels,
        old=old,
        new=new,
        changes=changes,
        counts=counts,
    )
