"""Pages for service items (with revisions), window rosters and moves, and imports."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ...downloads import download
from ...flashing import refusals_flashed
from .. import export as xl
from ..forms import ImportForm, MoveForm, NewItemForm, RevisionForm, RosterAddForm, VoidForm, fill_choices
from ..logic.importer import COLUMNS
from ..models import HANDLING_CLASSES, ITEM_TYPES, RosterEntry, ServiceItem, Window
from ..queries.entries import get, get_or_404, history, items_with_terms, roster_entries
from ..services import RecordsError, add_to_roster, create_item, move_staff, revise_item, void
from ..services.imports import KIND_LABELS, run_import

TERMS = ("item_type", "handling_class", "legal_limit_days", "committed_limit_days", "fee", "note")


def _items_rows(on):
    return items_with_terms(on)


@permission_required("records.view")
def items():
    on = local_today()
    return render_template(
        "records/items.html", rows=_items_rows(on), on=on, types=ITEM_TYPES, classes=HANDLING_CLASSES
    )


@permission_required("records.view")
def items_export():
    headers = COLUMNS["items"]  # the export reads back through the importer unchanged
    rows = (
        [
            i.code,
            i.name,
            i.department.name,
            i.window.number if i.window else "",
            ITEM_TYPES.get(r.item_type),
            HANDLING_CLASSES.get(r.handling_class),
            r.legal_limit_days,
            r.committed_limit_days,
            r.fee,
            r.valid_from,
        ]
        for i, r in _items_rows(local_today())
        if r is not None
    )
    return download(xl.to_xlsx("进厅项目及承诺时限", headers, rows), "items.xlsx")


@permission_required("records.edit")
def item_new():
    form = NewItemForm()
    fill_choices(form)
    if form.validate_on_submit():
        item = ServiceItem(
            code=form.code.data.strip(),
            name=form.name.data.strip(),
            department_id=form.department_id.data,
            window_id=form.window_id.data,
        )
        with refusals_flashed(RecordsError):
            if form.committed_limit_days.data > form.legal_limit_days.data:
                raise RecordsError("承诺时限不能长于法定时限。")
            create_item(
                current_user,
                item,
                {t: getattr(form, t).data or (0 if "days" in t else "") for t in TERMS},
                form.valid_from.data,
            )
            flash("事项已登记。", "success")
            return redirect(url_for(".item_detail", id=item.id))
    return render_template("records/form.html", form=form, title="登记进厅项目", back=url_for(".items"))


@permission_required("records.view")
def item_detail(id):
    item = get_or_404(ServiceItem, id)
    form = RevisionForm(row_version=item.row_version)
    return render_template(
        "records/item_detail.html",
        item=item,
        form=form,
        types=ITEM_TYPES,
        classes=HANDLING_CLASSES,
        void_form=VoidForm(row_version=item.row_version),
        history=history("rec_service_items", id),
    )


@permission_required("records.edit")
def item_revise(id):
    item = get_or_404(ServiceItem, id)
    form = RevisionForm()
    if form.validate_on_submit():
        with refusals_flashed(RecordsError):
            revise_item(
                current_user,
                item,
                {t: getattr(form, t).data or (0 if "days" in t else "") for t in TERMS},
                form.valid_from.data,
                expected_version=form.row_version.data,
            )
            flash("已登记新的事项条件，此前月份仍按原条件计算。", "success")
            return redirect(url_for(".item_detail", id=id))
    return render_template(
        "records/item_detail.html",
        item=item,
        form=form,
        types=ITEM_TYPES,
        classes=HANDLING_CLASSES,
        void_form=VoidForm(row_version=item.row_version),
        history=history("rec_service_items", id),
    )


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
    entries = roster_entries(id)
    add_form = RosterAddForm(year=year)
    move_form = MoveForm(on=local_today())
    fill_choices(add_form)
    fill_choices(move_form)
    years = sorted({e.year for e in entries} | {year}, reverse=True)
    return render_template(
        "records/roster.html",
        window=window,
        entries=entries,
        year=year,
        years=years,
        add_form=add_form,
        move_form=move_form,
    )


@permission_required("records.edit")
def roster_add(id):
    window = get_or_404(Window, id)
    form = RosterAddForm()
    fill_choices(form)
    if not form.validate_on_submit() or not form.staff_id.data:
        flash("请选择人员并填写年度。", "danger")
    else:
        with refusals_flashed(RecordsError):
            add_to_roster(
                current_user, window, form.staff_id.data, form.year.data, form.position.data, form.started_on.data
            )
            flash("已加入名单。", "success")
    return redirect(url_for(".window_roster", id=id, year=form.year.data or None))


@permission_required("records.edit")
def roster_move(id):
    entry = get_or_404(RosterEntry, id)
    form = MoveForm()
    fill_choices(form)
    target = get(Window, form.to_window_id.data) if form.validate_on_submit() and form.to_window_id.data else None
    if target is None:
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
        f = form.file.data
        report = run_import(current_user, form.kind.data, f.stream, f.filename)
        if report.ok:
            flash(f"导入成功：{KIND_LABELS[report.kind]} {report.saved} 行。", "success")
        elif report.file_error:
            flash(report.file_error, "danger")
        else:
            flash(f"文件中有 {len(report.problems)} 处错误，未导入任何数据。请改正后重新导入。", "danger")
    return render_template("records/import.html", form=form, report=report, columns=COLUMNS, labels=KIND_LABELS)
