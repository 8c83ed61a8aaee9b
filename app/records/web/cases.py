"""Case pages: register, list, detail with steps, correct, void, export."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...auth.privacy import history_for, log_access
from ...core.timeutil import local_today
from ...downloads import download
from ...flashing import refusals_flashed
from .. import bp
from .. import export as xl
from ..forms import CaseForm, CaseStepForm, VoidForm
from ..models import CASE_STATES, Case
from ..queries import active_windows
from ..queries.cases import case_facts, case_rows
from ..queries.entries import get_or_404, history
from ..services import RecordsError, void
from ..services.case_access import can_handle_case
from ..services.cases import STEP_LABELS, register_case, step
from .common import CLOCK, case_list_page, cases_statement


@bp.context_processor
def _case_access():
    """can_handle_case(case_or_window_id=None, on=None) for the templates: the services' own rule."""
    return {"can_handle_case": lambda target=None, on=None: can_handle_case(current_user, target, on)}


@permission_required("records.view")
def cases():
    page = case_list_page(current_user)
    log_access(current_user, "pd_list", "rec_cases", page.items, {"path": request.full_path})
    return render_template(
        "records/cases.html",
        page=page,
        windows=active_windows(local_today()),
        states=CASE_STATES,
        today=local_today(),
        **CLOCK,
    )


@permission_required("records.view")
def cases_export():
    cases = list(case_rows(cases_statement(current_user), 200000))
    log_access(current_user, "pd_export", "rec_cases", cases, {"path": request.full_path})
    return download(xl.cases_xlsx(current_user, cases), "cases.xlsx")


@permission_required("records.cases")
def case_new():
    form = CaseForm(user=current_user)
    if form.validate_on_submit():
        with refusals_flashed(RecordsError):
            case = register_case(current_user, form.item, **form.case_values())
            flash(f"已收件，办件编号 {case.number}，承诺时限 {case.limit_days} 个工作日。", "success")
            return redirect(url_for(".case_detail", id=case.id))
    return render_template("records/form.html", form=form, title="办件收件登记", back=url_for(".cases"))


@permission_required("records.view")
def case_detail(id):
    case = get_or_404(Case, id)
    log_access(current_user, "pd_read", "rec_cases", [case])
    return render_template(
        "records/case_detail.html",
        case=case,
        form=CaseStepForm.for_case(case, current_user),
        void_form=VoidForm(row_version=case.row_version),
        history=history_for(current_user, case, history("rec_cases", case.id)),
        **case_facts(case, local_today()),
    )


@permission_required("records.cases")
def case_step(id):
    case = get_or_404(Case, id)
    form = CaseStepForm()
    if not form.validate_on_submit():
        flash("请填写办理步骤和日期。", "danger")
    else:
        with refusals_flashed(RecordsError):
            step(current_user, case, form.kind.data, form.on.data, **form.step_values())
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
