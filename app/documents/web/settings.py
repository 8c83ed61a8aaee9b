"""Per-kind settings: the numbering and who reviews and approves each kind of document."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...flashing import refusals_on_field
from .. import services
from ..forms import KindSettingForm
from ..models import KIND_LABELS
from ..services import DocumentError


@permission_required("documents.edit")
def settings():
    forms = KindSettingForm.every_kind(request)
    posted = request.form.get("kind") if request.method == "POST" else None
    if request.method == "POST" and posted not in forms:
        flash("请选择要保存的文件类别。", "danger")
    elif posted and forms[posted].validate():
        with refusals_on_field(forms[posted], "number_pattern", DocumentError):
            services.update_kind_setting(current_user, posted, **forms[posted].fields())
            flash(f"已保存“{KIND_LABELS[posted]}”的设置。", "success")
            return redirect(url_for("documents.settings"))
    return render_template("documents/settings.html", forms=forms, kinds=KIND_LABELS)
