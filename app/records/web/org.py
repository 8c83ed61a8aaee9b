"""Pages for service items (with revisions), window rosters and moves, and imports."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ...downloads import download
from ...flashing import refusals_flashed
from .. import export as xl
from ..forms import ImportForm, MoveForm, NewItemForm, RevisionForm, RosterAddForm, VoidForm
from ..logic.importer import COLUMNS
from ..models import HANDLING_CLASSES, ITEM_TYPES, RosterEntry, ServiceItem, Window
from ..queries.entries import get_or_404, history, items_with_terms, roster_page
from ..services import RecordsError, add_to_roster, create_item, move_staff, revise_item, void
from ..services.imports import KIND_LABELS, run_import


def _item_page(item, form):
    """The item's page with its revision form (new or as posted)."""
    return render_template(
        "records/item_detail.html",
        item=item,
        form=form,
        types=ITEM_TYPES,
        classes=HANDLING_CLASSES,
        void_form=VoidForm(row_version=item.row_version),
        history=history("rec_service_items", item.id),
    )


@permission_required("records.view")
def items():
    on = local_today()
    return render_template(
        "records/items.html", rows=items_with_terms(on), on=on, types=ITEM_TYPES, classes=HANDLING_CLASSES
    )


@permission_required("records.view")
def items_export():
    return download(xl.items_xlsx(items_with_terms(local_today())), "items.xlsx")


@permission_required("records.edit")
def item_new():
    form = NewItemForm()
    if form.validate_on_submit():
        item = form.new_item()
        with refusals_flashed(RecordsError):
            create_item(current_user, item, form.terms(), form.valid_from.data)
            flash("事项已登记。", "success")
            return redirect(url_for(".item_detail", id=item.id))
    return render_template("records/form.html", form=form, title="登记进厅项目", back=url_for(".items"))


@permission_required("records.view")
def item_detail(id):
    item = get_or_404(ServiceItem, id)
    return _item_page(item, RevisionForm(row_version=item.row_version))


@permission_required("records.edit")
def item_revise(id):
    item = get_or_404(ServiceItem, id)
    form = RevisionForm()
    if form.validate_on_submit():
        with refusals_flashed(RecordsError):
            revise_item(current_user, item, form.terms(), form.valid_from.data, expected_version=form.row_version.data)
            flash("已登记新的事项条件，此前月份仍按原条件计算。", "success")
            return redirect(url_for(".item_detail", id=id))
    return _item_page(item, form)


@permission_required("records.edit")
def item_void(id):
    item = get_or_404(ServiceItem, id)
    form = VoidForm()
    with refusals_flashed(RecordsError):
        if not form.validate_on_submit():
            raise RecordsError("作废必须填写原因。")
        void(current_user, item, form.reason.data, expected_version=form.row_version.data)
        flash("事项已作废（记录保留）。", "success")
    return redirect(url_for(".item_detail", id=id))


@permission_required("records.view")
def window_roster(id):
    window = get_or_404(Window, id)
    year = request.args.get("year", type=int) or local_today().year
    return render_template(
        "records/roster.html",
        window=window,
        year=year,
        add_form=RosterAddForm(year=year),
        move_form=MoveForm(on=local_today()),
        **roster_page(id, year),
    )


@permission_required("records.edit")
def roster_add(id):
    window = get_or_404(Window, id)
    form = RosterAddForm()
    if not form.validate_on_submit():
        flash("请选择人员并填写年度。", "danger")
    else:
        with refusals_flashed(RecordsError):
            add_to_roster(current_user, window, **form.roster_values())
            flash("已加入名单。", "success")
    return redirect(url_for(".window_roster", id=id, year=form.year.data or None))


@permission_required("records.edit")
def roster_move(id):
    entry = get_or_404(RosterEntry, id)
    form = MoveForm()
    if (target := form.target()) is None:
        flash("请选择调入窗口、日期并填写原因。", "danger")
    else:
        with refusals_flashed(RecordsError):
            move_staff(current_user, entry, target, form.on.data, form.reason.data, form.row_version.data)
            flash(f"已调至{target.label}，原窗口名单保留调岗记录。", "success")
    return redirect(url_for(".window_roster", id=entry.window_id, year=entry.year))


@permission_required("records.import")
def import_page():
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        report = run_import(current_user, form.kind.data, form.file.data.stream, form.file.data.filename)
        flash(*report.message())
    return render_template("records/import.html", form=form, report=report, columns=COLUMNS, labels=KIND_LABELS)
