"""签阅 and read tracking, the review-due dashboard, per-kind settings, Word import and export."""
from flask import flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from ..auth.models import User
from ..auth.permissions import PERMISSIONS, can, permission_required
from ..core.timeutil import local_today
from ..extensions import db
from . import bp, queries, reading, services, transfer
from . import review as review_service
from .forms import ImportForm, KindSettingForm, ReviewForm
from .models import KIND_LABELS
from .services import DocumentError
from .views import get_document, get_version


@bp.route("/versions/<int:version_id>/acknowledge", methods=["POST"])
@permission_required("documents.acknowledge")
def acknowledge(version_id):
    v = get_version(version_id)
    try:
        reading.acknowledge(current_user, v)
    except DocumentError as exc:
        flash(str(exc), "danger")
    else:
        flash(f"已签阅 {v.document.number}《{v.document.title}》{v.revision}。", "success")
    return redirect(request.form.get("next") or url_for("documents.show", doc_id=v.document_id))


@bp.route("/to-read")
@permission_required("documents.acknowledge")
def to_read():
    return render_template("documents/to_read.html", versions=reading.to_read(current_user))


@bp.route("/reading")
@permission_required("documents.track_reading")
def reading_overview():
    rows = reading.reading_overview()
    if request.args.get("unread"):
        rows = [r for r in rows if r.unread]
    return render_template("documents/reading.html", rows=rows)


@bp.route("/versions/<int:version_id>/readers")
@permission_required("documents.track_reading")
def readers(version_id):
    v = get_version(version_id)
    done, pending = reading.readers(v)
    return render_template("documents/readers.html", v=v, doc=v.document, done=done, pending=pending)


@bp.route("/review-due")
@permission_required("documents.review_due")
def review_due():
    show_all = bool(request.args.get("all"))
    rows = queries.review_dashboard(local_today(), include_ok=show_all)
    return render_template("documents/review_due.html", rows=rows, show_all=show_all)


@bp.route("/<int:doc_id>/review", methods=["GET", "POST"])
@permission_required("documents.edit")
def record_review(doc_id):
    doc = get_document(doc_id)
    today = local_today()
    form = ReviewForm()
    if request.method == "GET":
        form.reviewed_on.data = today
    elif form.validate_on_submit():
        try:
            review_service.record_review(current_user, doc, form.reviewed_on.data, form.conclusion.data,
                                         form.note.data, today=today)
        except DocumentError as exc:
            db.session.rollback()
            target = getattr(form, getattr(exc, "field", "conclusion"), form.conclusion)
            target.errors = list(target.errors) + [str(exc)]
        else:
            flash(f"已记录 {doc.number} 的定期评审（{form.conclusion.data}）。", "success")
            return redirect(url_for("documents.show", doc_id=doc.id) + "#review")
    return render_template("documents/review_form.html", doc=doc, form=form,
                           reviews=review_service.reviews_of(doc), due=document_due(doc, today))


def document_due(doc, today):
    """The review due state of one document (None when nothing is in force)."""
    current = services.version_in_force(doc, today)
    if current is None:
        return None
    return queries.review_states([current], today)[doc.id].due


def _signer_choices():
    signers = [u for u in db.session.scalars(db.select(User).where(User.active.is_(True)).order_by(User.username))
               if u.role in PERMISSIONS["documents.sign"]]
    return [(u.id, f"{u.display_name}（{u.username}）") for u in signers]


@bp.route("/settings", methods=["GET", "POST"])
@permission_required("documents.edit")
def settings():
    choices = _signer_choices()
    forms = {}
    for kind in KIND_LABELS:
        setting = services.kind_setting(kind)
        posted = request.method == "POST" and request.form.get("kind") == kind
        form = KindSettingForm(prefix=kind, formdata=None if not posted else request.form)
        if not posted:
            form.kind.data = kind
            form.number_pattern.data = setting.number_pattern
            form.reviewers.data = setting.reviewer_id_list
            form.approver.data = setting.approver_id or 0
        form.reviewers.choices = choices
        form.approver.choices = [(0, "（未指定）")] + choices
        forms[kind] = form
    db.session.commit()
    posted_kind = request.form.get("kind") if request.method == "POST" else None
    if request.method == "POST" and posted_kind not in forms:
        flash("请选择要保存的文件类别。", "danger")
    elif posted_kind:
        form = forms[posted_kind]
        if form.validate():
            try:
                services.update_kind_setting(current_user, posted_kind, form.number_pattern.data,
                                             form.reviewers.data or [], form.approver.data or None)
            except DocumentError as exc:
                form.number_pattern.errors.append(str(exc))
            else:
                flash(f"已保存“{KIND_LABELS[posted_kind]}”的设置。", "success")
                return redirect(url_for("documents.settings"))
    return render_template("documents/settings.html", forms=forms, kinds=KIND_LABELS)


@bp.route("/<int:doc_id>/import", methods=["GET", "POST"])
@permission_required("documents.edit")
def import_docx(doc_id):
    doc = get_document(doc_id)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        if upload is None or not getattr(upload, "filename", ""):
            form.file.errors = ["请选择要导入的 Word 文件。"]
        else:
            try:
                v = transfer.import_docx(current_user, doc, upload.stream, upload.filename,
                                         form.change_reason.data, major=form.major.data)
            except DocumentError as exc:
                flash(str(exc), "danger")
            else:
                flash(f"已导入为草稿 {v.revision}，请核对后提交审核。", "success")
                return redirect(url_for("documents.version", version_id=v.id))
    return render_template("documents/import.html", form=form, doc=doc)


@bp.route("/versions/<int:version_id>/export")
@permission_required("documents.export")
def export(version_id):
    v = get_version(version_id)
    controlled = request.args.get("controlled") == "1" and can(current_user, "documents.edit")
    try:
        stream, filename = transfer.export_docx(current_user, v, controlled)
    except DocumentError as exc:
        flash(str(exc), "danger")
        return redirect(url_for("documents.version", version_id=v.id))
    return send_file(stream, as_attachment=True, download_name=filename,
                     mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


