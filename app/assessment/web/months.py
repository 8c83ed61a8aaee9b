"""Months and the month's workflow: open, submit, review (lock / return / finalise), reopen."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...flashing import refusals_flashed
from ..logic import workflow as wf
from ..queries import months as q
from ..services import monthflow, sheets
from .common import REFUSALS, local_today
from .forms import LockForm, OpenMonthForm, ReasonForm


@permission_required("assessment.view")
def index():
    form = OpenMonthForm(year=local_today().year, month=local_today().month)
    return render_template("assessment/index.html", months=q.months_desc(36), form=form, wf=wf)


@permission_required("assessment.score")
def open_month():
    form = OpenMonthForm()
    if form.validate_on_submit():
        with refusals_flashed(REFUSALS):
            m = sheets.open_month(current_user, form.year.data, form.month.data)
            flash(f"已开启{m.label}考核，共 {len(m.sheets)} 个窗口。", "success")
            return redirect(url_for(".month", year=m.year, month=m.month))
    return render_template("assessment/index.html", months=q.months_desc(36), form=form, wf=wf), 200


@permission_required("assessment.view")
def month(year, month):
    return render_month(q.month_or_404(year, month))


def render_month(m, lock_form=None, reason_form=None, status=200):
    return render_template(
        "assessment/month.html",
        m=m,
        wf=wf,
        appeals=q.appeals_of_month(m),
        pending=q.pending_proposals_by_sheet(m),
        lock_form=lock_form or LockForm(row_version=m.row_version),
        reason_form=reason_form or ReasonForm(row_version=m.row_version),
        finalise_blocker=wf.can_finalise(m.status, m.publicity_end, local_today(), q.pending_appeals(m)),
    ), status


@permission_required("assessment.score")
def month_action(year, month, action):
    """propose (for every window) or submit (evaluators); the other steps have their own routes
    and permissions."""
    m = q.month_or_404(year, month)
    if action not in ("submit", "propose"):
        abort(404)
    with refusals_flashed(REFUSALS):
        if action == "propose":
            flash(*_proposed_message(sheets.propose_all(current_user, m, request.form.get("row_version"))))
        else:
            monthflow.submit(current_user, m, request.form.get("row_version"))
            flash(f"{m.label}考核已提交审核。", "success")
    return redirect(url_for(".month", year=year, month=month))


def _proposed_message(done) -> tuple[str, str]:
    """The flash after proposing: how many proposals for how many windows, by window."""
    made = [(name, n) for name, n in done if n]
    summary = "、".join(f"{name} {n} 条" for name, n in made)
    return (
        f"已从业务记录为 {len(done)} 个窗口生成建议 {sum(n for _w, n in made)} 条"
        + (f"：{summary}。请逐条采纳或驳回。" if made else "，没有新的扣分、加分建议。"),
        "success",
    )


@permission_required("assessment.lock")
def review(year, month):
    """lock (with the password signature), return for changes, or make final."""
    m = q.month_or_404(year, month)
    step = _REVIEW_STEPS.get(request.form.get("step", ""))
    with refusals_flashed(REFUSALS):
        if step is None:
            flash("请选择审核操作。", "warning")
        elif (page := step(m)) is not None:
            return page  # the step's form again, with its errors
    return redirect(url_for(".month", year=year, month=month))


def _lock(m):
    form = LockForm()
    if not form.validate_on_submit():
        return render_month(m, lock_form=form, status=400)
    monthflow.lock(current_user, m, form.password.data, form.row_version.data)
    end = m.publicity_end
    flash(f"{m.label}考核已审核锁定，公示至{end.year}年{end.month}月{end.day}日。", "success")
    return None


def _send_back(m):
    form = ReasonForm()
    if not form.validate_on_submit():
        return render_month(m, reason_form=form, status=400)
    monthflow.send_back(current_user, m, form.reason.data, form.row_version.data)
    flash("已退回评分员修改。", "success")
    return None


def _finalise(m):
    monthflow.finalise(current_user, m, request.form.get("row_version"))
    flash(f"{m.label}考核结果已定稿，流动红旗已授予。", "success")
    return None


_REVIEW_STEPS = {"lock": _lock, "return": _send_back, "finalise": _finalise}


@permission_required("assessment.reopen")
def reopen(year, month):
    m = q.month_or_404(year, month)
    form = ReasonForm()
    if not form.validate_on_submit():
        return render_month(m, reason_form=form, status=400)
    with refusals_flashed(REFUSALS):
        monthflow.reopen(current_user, m, form.reason.data, form.row_version.data)
        flash(f"{m.label}考核已重新开放，原因已记入审计追踪。", "success")
    return redirect(url_for(".month", year=year, month=month))
