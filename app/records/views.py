"""Records pages: dashboard and the simple record kinds (list, new, correct, void, export)."""
from datetime import date

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from ..audit.models import AuditEntry
from ..auth.permissions import permission_required
from ..core.timeutil import local_today
from ..extensions import db
from ..flashing import refusals_flashed
from . import bp, charts, dashboard
from . import export as xl
from .forms import VoidForm, fill_choices
from .queries import active_windows, month_bounds
from .registry import KINDS, form_values
from .services import RecordsError, save, void


def parse_month():
    """(year, month) from ?month=YYYY-MM, default the current month."""
    today = local_today()
    try:
        y, m = (int(x) for x in request.args.get("month", "").split("-"))
        date(y, m, 1)
        return y, m
    except (ValueError, TypeError):
        return today.year, today.month


def kind_or_404(kind: str):
    k = KINDS.get(kind)
    if k is None:
        abort(404)
    return k


def history(obj_type: str, obj_id) -> list:
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == obj_type, AuditEntry.object_id == str(obj_id))
        .order_by(AuditEntry.id)
    ))


@bp.route("/")
@permission_required("records.view")
def index():
    year, month = parse_month()
    window_id = request.args.get("window", type=int)
    data = dashboard.build(year, month, window_id)
    return render_template("records/dashboard.html", d=data, charts=charts, year=year, month=month,
                           window_id=window_id, windows=active_windows(month_bounds(year, month)[1]))


def _filtered(k):
    stmt = select(k.model)
    if not request.args.get("voided"):
        stmt = stmt.where(k.model.voided_at.is_(None))
    window_id = request.args.get("window", type=int)
    if k.has_window and window_id:
        stmt = stmt.where(k.model.window_id == window_id)
    if k.date_field and request.args.get("month"):
        year, month = parse_month()
        stmt = stmt.where(getattr(k.model, k.date_field).between(*month_bounds(year, month)))
    q = (request.args.get("q") or "").strip()
    if q and hasattr(k.model, "name"):
        stmt = stmt.where(k.model.name.contains(q))
    for o in k.order:
        col = getattr(k.model, o.lstrip("-"))
        stmt = stmt.order_by(col.desc() if o.startswith("-") else col)
    return stmt.order_by(k.model.id.desc())


@bp.route("/k/<kind>/")
@permission_required("records.view")
def kind_list(kind):
    k = kind_or_404(kind)
    page = db.paginate(_filtered(k), per_page=50, error_out=False)
    return render_template("records/kind_list.html", k=k, page=page, windows=active_windows(local_today()))


@bp.route("/k/<kind>/export")
@permission_required("records.view")
def kind_export(kind):
    k = kind_or_404(kind)
    rows = db.session.scalars(_filtered(k).limit(200000))
    headers = [h for h, _ in k.columns] + ["状态"]
    data = ([f(r) for _, f in k.columns] + ["已作废：" + (r.void_reason or "") if r.is_void else "有效"] for r in rows)
    return send_file(xl.to_xlsx(k.label, headers, data), download_name=f"{k.code}.xlsx", as_attachment=True,
                     mimetype=xl.XLSX_MIME)


@bp.route("/k/<kind>/new", methods=["GET", "POST"])
@permission_required("records.edit")
def kind_new(kind):
    k = kind_or_404(kind)
    form = k.form()
    fill_choices(form)
    if form.validate_on_submit():
        try:
            obj = save(current_user, k.model(), form_values(form))
        except RecordsError as exc:
            flash(str(exc), "danger")
        else:
            flash(f"{k.label}已登记。", "success")
            return redirect(url_for(".kind_detail", kind=kind, id=obj.id))
    return render_template("records/form.html", form=form, title=f"登记{k.label}", back=url_for(".kind_list", kind=kind))


@bp.route("/k/<kind>/<int:id>")
@permission_required("records.view")
def kind_detail(kind, id):
    k = kind_or_404(kind)
    obj = db.get_or_404(k.model, id)
    return render_template("records/kind_detail.html", k=k, obj=obj, void_form=VoidForm(row_version=obj.row_version),
                           history=history(k.model.__tablename__, obj.id))


@bp.route("/k/<kind>/<int:id>/edit", methods=["GET", "POST"])
@permission_required("records.edit")
def kind_edit(kind, id):
    k = kind_or_404(kind)
    obj = db.get_or_404(k.model, id)
    form = k.form(obj=obj) if request.method == "GET" else k.form()
    if request.method == "GET":
        form.row_version.data = obj.row_version
    fill_choices(form)
    if form.validate_on_submit():
        try:
            save(current_user, obj, form_values(form), expected_version=form.row_version.data)
        except RecordsError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            flash("已更正，修改已记入审计追踪。", "success")
            return redirect(url_for(".kind_detail", kind=kind, id=obj.id))
    return render_template("records/form.html", form=form, title=f"更正{k.label}",
                           back=url_for(".kind_detail", kind=kind, id=obj.id))


@bp.route("/k/<kind>/<int:id>/void", methods=["POST"])
@permission_required("records.edit")
def kind_void(kind, id):
    k = kind_or_404(kind)
    obj = db.get_or_404(k.model, id)
    form = VoidForm()
    if not form.validate_on_submit():
        flash("作废必须填写原因。", "danger")
    else:
        with refusals_flashed(RecordsError):
            void(current_user, obj, form.reason.data, expected_version=form.row_version.data)
            flash("已作废（记录保留）。", "success")
    return redirect(url_for(".kind_detail", kind=kind, id=id))


from . import views_cases, views_org  # noqa: E402,F401  (routes of cases, items, rosters, import)
