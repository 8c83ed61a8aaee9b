"""Case pages: register, list, detail with steps, correct, void, export."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...auth.privacy import history_for, log_access, shown
from ...core.timeutil import local_now, local_today
from ...downloads import download
from ...flashing import refusals_flashed
from .. import bp
from .. import export as xl
from ..forms import CaseForm, CaseStepForm, VoidForm, fill_choices
from ..logic import caseclock
from ..models import CASE_STATES, HANDLING_CLASSES, Case, ServiceItem
from ..queries import active_windows
from ..queries.cases import case_page, case_rows, case_statement, items_of_window, listed_total, staff_names
from ..queries.entries import get, get_or_404, history
from ..services import RecordsError, void
from ..services.case_access import can_handle_case, is_window_bound, own_window, scope_refusal
from ..services.cases import STEP_LABELS, allowed_steps, register_case, step
from .common import parse_month


def _filters() -> dict:
    return {
        "window_id": request.args.get("window", type=int),
        "state": request.args.get("state"),
        "month": parse_month() if request.args.get("month") else None,
        "q": (request.args.get("q") or "").strip(),
    }


def _case_filter(filters=None):
    # Window staff find other windows' cases by number only, never by an applicant's name.
    own = own_window(current_user, local_today()) if is_window_bound(current_user) else None
    return case_statement(
        **(filters or _filters()),
        applicant_window_id=(own.id if own else -1) if is_window_bound(current_user) else None,
    )


@bp.context_processor
def _case_access():
    """can_handle_case(case_or_window_id=None, on=None) for the templates: the services' own rule."""
    return {"can_handle_case": lambda target=None, on=None: can_handle_case(current_user, target, on)}


def _limit_windows(form) -> None:
    """Window staff: the entry form offers only the window they serve today."""
    if not is_window_bound(current_user):
        return
    today = local_today()
    window = own_window(current_user, today)
    field = form.window_id
    field.validate_choice = False  # another window is refused by register_case, with its reason, audited
    if window is None:
        field.choices = [(None, "—")]
        field.description = scope_refusal(current_user, None, today)
    else:
        field.choices = [(window.id, window.label)]
        field.description = "窗口工作人员只能登记本窗口的办件"
        if request.method == "GET":
            field.data = window.id
        # and only the items handled at that window (or by its department with no window named)
        own_items = items_of_window(window)
        form.item_id.choices = [c for c in form.item_id.choices if c[0] is None or c[0] in own_items]


@permission_required("records.view")
def cases():
    filters = _filters()
    # by window and month only: the exact total from the case summary; a state or a text: counted up to a cap
    plain = filters["state"] not in CASE_STATES and not filters["q"]
    page = case_page(
        _case_filter(filters),
        per_page=50,
        page=request.args.get("page", 1, type=int),
        after=request.args.get("after", type=int),
        before=request.args.get("before", type=int),
        total=listed_total(filters["window_id"], filters["month"]) if plain else None,
    )
    log_access(current_user, "pd_list", "rec_cases", page.items, {"path": request.full_path})
    return render_template(
        "records/cases.html",
        page=page,
        windows=active_windows(local_today()),
        states=CASE_STATES,
        light=caseclock.light,
        labels=caseclock.LIGHT_LABELS,
        today=local_today(),
    )


@permission_required("records.view")
def cases_export():
    headers = [
        "办件编号",
        "窗口",
        "事项",
        "办件类型",
        "承诺时限",
        "申请人",
        "申请人电话",
        "收件日期",
        "状态",
        "到期日",
        "办结日期",
        "用时（工作日）",
    ]
    cases = list(case_rows(_case_filter(), 200000))
    log_access(current_user, "pd_export", "rec_cases", cases, {"path": request.full_path})
    rows = (
        [
            c.number,
            c.window.label,
            c.item.name if c.item else "",
            HANDLING_CLASSES.get(c.handling_class, ""),
            c.limit_days,
            shown(current_user, c, c.applicant),
            shown(current_user, c, c.applicant_phone, "phone"),
            c.received_on,
            CASE_STATES.get(c.state, c.state),
            c.due_on,
            c.completed_on,
            c.used_days,
        ]
        for c in cases
    )
    return download(xl.to_xlsx("办件", headers, rows), "cases.xlsx")


@permission_required("records.cases")
def case_new():
    form = CaseForm()
    fill_choices(form)
    _limit_windows(form)
    if request.method == "GET":
        form.received_at.data = local_now().replace(tzinfo=None, second=0, microsecond=0)
        if current_user.staff_id:
            form.handler_staff_id.data = current_user.staff_id
    if form.validate_on_submit():
        item = get(ServiceItem, form.item_id.data) if form.item_id.data else None
        if item is None:
            form.item_id.errors.append("请选择办理事项。")
        else:
            with refusals_flashed(RecordsError):
                case = register_case(
                    current_user,
                    item,
                    form.received_at.data,
                    form.applicant.data,
                    window_id=form.window_id.data,
                    handler_staff_id=form.handler_staff_id.data,
                    applicant_phone=form.applicant_phone.data or "",
                    note=form.note.data or "",
                )
                flash(f"已收件，办件编号 {case.number}，承诺时限 {case.limit_days} 个工作日。", "success")
                return redirect(url_for(".case_detail", id=case.id))
    return render_template("records/form.html", form=form, title="办件收件登记", back=url_for(".cases"))


@permission_required("records.view")
def case_detail(id):
    case = get_or_404(Case, id)
    form = CaseStepForm(row_version=case.row_version)
    fill_choices(form)
    form.kind.choices = [(k, STEP_LABELS[k]) for k in allowed_steps(case)]
    form.on.data = local_today()
    # The step is usually done by the person entering it (window staff), else by the case's handler.
    form.staff_id.data = current_user.staff_id or case.handler_staff_id
    today = local_today()
    log_access(current_user, "pd_read", "rec_cases", [case])
    return render_template(
        "records/case_detail.html",
        case=case,
        form=form,
        void_form=VoidForm(row_version=case.row_version),
        light=caseclock.light(case, today),
        labels=caseclock.LIGHT_LABELS,
        remaining=caseclock.remaining_workdays(case, today),
        steps=STEP_LABELS,
        staff=staff_names(),
        history=history_for(current_user, case, history("rec_cases", case.id)),
        states=CASE_STATES,
        classes=HANDLING_CLASSES,
    )


@permission_required("records.cases")
def case_step(id):
    case = get_or_404(Case, id)
    form = CaseStepForm()
    fill_choices(form)
    form.kind.choices = [(k, STEP_LABELS[k]) for k in STEP_LABELS]
    if not form.validate_on_submit():
        flash("请填写办理步骤和日期。", "danger")
    else:
        with refusals_flashed(RecordsError):
            step(
                current_user,
                case,
                form.kind.data,
                form.on.data,
                expected_version=form.row_version.data,
                outcome=form.outcome.data or None,
                note=form.note.data or "",
                staff_id=form.staff_id.data,
            )
            flash(f"已登记：{STEP_LABELS[form.kind.data]}。", "success")
    return redirect(url_for(".case_detail", id=id))


@permission_required("records.edit")
def case_void(id):
    case = get_or_404(Case, id)
    form = VoidForm()
    with refusals_flashed(RecordsError):
        if not form.validate_on_submit():
            raise RecordsError("作废必须填写原因。")
        void(current_user, case, form.reason.data, expected_version=form.row_version.data)
        flash("办件已作废（记录保留）。", "success")
    return redirect(url_for(".case_detail", id=id))
