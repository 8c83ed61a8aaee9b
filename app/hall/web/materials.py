"""申请材料目录: each service item's list with its history, a new version by hand or from Excel."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ...flashing import refusals_flashed
from ...records.models import ServiceItem
from .. import queries
from ..logic.materials import FORMS
from ..services import materials as svc
from ..services.common import HallError
from .common import REFUSALS, form_date

ROWS = 8  # blank lines offered on the form


@permission_required("hall.view")
def materials():
    return render_template(
        "hall/materials.html",
        items=queries.items(),
        counts=queries.list_counts(),
        notices=queries.notices(30),
        today=local_today(),
    )


@permission_required("hall.view")
def item_materials(item_id):
    item = queries.get_or_404(ServiceItem, item_id)
    lists = queries.material_lists(item.id)
    current = svc.list_on(item.id, local_today())
    return render_template(
        "hall/item_materials.html", item=item, lists=lists, current=current, forms=FORMS, rows=ROWS, today=local_today()
    )


@permission_required("hall.manage")
def item_materials_save(item_id):
    item = queries.get_or_404(ServiceItem, item_id)
    fields = ("name", "form", "count", "template", "legal_basis")
    columns = {f: request.form.getlist(f) for f in fields}
    rows = [{f: (columns[f][i] if i < len(columns[f]) else "") for f in fields} for i in range(len(columns["name"]))]
    with refusals_flashed(REFUSALS):
        on = form_date("valid_from")
        if on is None:
            raise HallError("请填写生效日期。")
        ml = svc.save_list(current_user, item, on, rows, note=request.form.get("note", ""))
        flash(f"已保存材料目录（{ml.valid_from:%Y-%m-%d} 起生效，共 {len(ml.entries)} 项）。", "success")
    return redirect(url_for("hall.item_materials", item_id=item_id))


@permission_required("hall.manage")
def materials_import():
    upload = request.files.get("file")
    with refusals_flashed(REFUSALS):
        on = form_date("valid_from")
        if on is None:
            raise HallError("请填写生效日期。")
        if upload is None or not upload.filename:
            raise HallError("请选择要导入的 Excel 文件。")
        made = svc.import_excel(current_user, upload.read(10 * 1024 * 1024), on)
        flash(f"已导入 {len(made)} 个事项的材料目录。", "success")
    return redirect(url_for("hall.materials"))
