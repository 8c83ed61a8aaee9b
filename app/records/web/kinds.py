"""Pages of the simple record kinds: list, new, correct, void, export."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...auth.privacy import history_for
from ...core.timeutil import local_today
from ...downloads import download
from ...flashing import refusals_flashed
from .. import export as xl
from ..forms import VoidForm
from ..queries import active_windows
from ..queries.entries import get_or_404, history, kind_statement, page_of, rows_of
from ..registry import form_values
from ..services import RecordsError, save, void
from .common import kind_or_404, log_personal, parse_month


def _filtered(k):
    return kind_statement(
        k,
        voided=bool(request.args.get("voided")),
        window_id=request.args.get("window", type=int),
        month=parse_month() if request.args.get("month") else None,
        q=(request.args.get("q") or "").strip(),
    )


@permission_required("records.view")
def kind_list(kind):
    k = kind_or_404(kind)
    page = page_of(_filtered(k), per_page=50)
    return render_template("records/kind_list.html", k=k, page=page, windows=active_windows(local_today()))


@permission_required("records.view")
def kind_export(kind):
    k = kind_or_404(kind)
    rows = list(rows_of(_filtered(k), 200000))
    log_personal(current_user, k, "pd_export", rows, {"path": request.full_path})
    return download(xl.kind_xlsx(current_user, k, rows), f"{k.code}.xlsx")


@permission_required("records.edit")
def kind_new(kind):
    k = kind_or_404(kind)
    form = k.form()
    if form.validate_on_submit():
        with refusals_flashed(RecordsError):
            obj = save(current_user, k.model(), form_values(form))
            flash(f"{k.label}已登记。", "success")
            return redirect(url_for(".kind_detail", kind=kind, id=obj.id))
    return render_template(
        "records/form.html", form=form, title=f"登记{k.label}", back=url_for(".kind_list", kind=kind)
    )


@permission_required("records.view")
def kind_detail(kind, id):
    k = kind_or_404(kind)
    obj = get_or_404(k.model, id)
    log_personal(current_user, k, "pd_read", [obj])
    return render_template(
        "records/kind_detail.html",
        k=k,
        obj=obj,
        void_form=VoidForm(row_version=obj.row_version),
        history=history_for(current_user, obj, history(k.model.__tablename__, obj.id)),
    )


@permission_required("records.edit")
def kind_edit(kind, id):
    k = kind_or_404(kind)
    obj = get_or_404(k.model, id)
    form = k.form.editing(obj)
    if form.validate_on_submit():
        with refusals_flashed(RecordsError):
            save(current_user, obj, form_values(form), expected_version=form.row_version.data)
            flash("已更正，修改已记入审计追踪。", "success")
            return redirect(url_for(".kind_detail", kind=kind, id=obj.id))
    back = url_for(".kind_detail", kind=kind, id=obj.id)
    return render_template("records/form.html", form=form, title=f"更正{k.label}", back=back)


@permission_required("records.edit")
def kind_void(kind, id):
    k = kind_or_404(kind)
    obj = get_or_404(k.model, id)
    form = VoidForm()
    if not form.validate_on_submit():
        flash("作废必须填写原因。", "danger")
    else:
        with refusals_flashed(RecordsError):
            void(current_user, obj, form.reason.data, expected_version=form.row_version.data)
            flash("已作废（记录保留）。", "success")
    return redirect(url_for(".kind_detail", kind=kind, id=id))
