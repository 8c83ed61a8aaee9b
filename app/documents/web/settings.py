"""Per-kind settings: the numbering and who reviews and approves each kind of document."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from .. import queries, services
from ..forms import KindSettingForm
from ..models import KIND_LABELS
from ..services import DocumentError


def _signer_choices():
    return [(u.id, f"{u.display_name}（{u.username}）") for u in queries.possible_signers()]


@permission_required("documents.edit")
def settings():
    choices = _signer_choices()
    forms = {}
    for kind in KIND_LABELS:
        setting = queries.setting_of_kind(kind)  # reading only: a GET creates no rows
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
    posted_kind = request.form.get("kind") if request.method == "POST" else None
    if request.method == "POST" and posted_kind not in forms:
        flash("请选择要保存的文件类别。", "danger")
    elif posted_kind:
        form = forms[posted_kind]
        if form.validate():
            try:
                services.update_kind_setting(
                    current_user,
                    posted_kind,
                    form.number_pattern.data,
                    form.reviewers.data or [],
                    form.approver.data or None,
                )
            except DocumentError as exc:
                form.number_pattern.errors.append(str(exc))
            else:
                flash(f"已保存“{KIND_LABELS[posted_kind]}”的设置。", "success")
                return redirect(url_for("documents.settings"))
    return render_template("documents/settings.html", forms=forms, kinds=KIND_LABELS)
