"""效能投诉 (GB/T 36113-2018): register, assign, the five steps, 责任追究, the monthly table."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...auth.privacy import log_access
from ...core.timeutil import local_today
from ...flashing import refusals_flashed
from ...records.models import COMPLAINT_CHANNELS, Complaint
from .. import queries
from ..logic import complaints as rules
from ..services import complaints as svc
from .common import REFUSALS, form_date, form_int, month_arg


@permission_required("hall.view")
def complaints():
    today = local_today()
    rows = queries.complaints()
    done = queries.steps_by_complaint([c.id for c in rows])
    plans = {c.id: rules.plan(c.received_on, done.get(c.id, {}), today, svc.limits()) for c in rows}
    return render_template(
        "hall/complaints.html",
        rows=rows,
        plans=plans,
        findings=rules.FINDINGS,
        today=today,
        channels=COMPLAINT_CHANNELS,
        windows=queries.windows(today),
        staff=queries.staff(),
        users=queries.users(),
        current=rules.current_step,
        done=done,
        step_labels=rules.STEP_LABELS,
    )


@permission_required("hall.manage")
def complaint_new():
    with refusals_flashed(REFUSALS):
        c = svc.register(
            current_user,
            form_date("received_on", local_today()),
            request.form.get("channel", ""),
            request.form.get("complainant", ""),
            request.form.get("contact", ""),
            request.form.get("content", ""),
            window_id=form_int("window_id"),
            staff_id=form_int("staff_id"),
            investigator_id=form_int("investigator_id"),
        )
        flash(f"已登记投诉 {c.number}。", "success")
        return redirect(url_for("hall.complaint", complaint_id=c.id))
    return redirect(url_for("hall.complaints"))


@permission_required("hall.view")
def complaint(complaint_id):
    c = queries.get_or_404(Complaint, complaint_id)
    today = local_today()
    done = svc.steps_done(c.id)
    log_access(current_user, "pd_read", "rec_complaints", [c])  # personal data shown unmasked is logged
    return render_template(
        "hall/complaint.html",
        c=c,
        plan=svc.plan(c, today),
        next_step=rules.current_step(done),
        findings=rules.FINDINGS,
        decisions=rules.DECISIONS,
        step_labels=rules.STEP_LABELS,
        taken=svc.decisions_of(c.id),
        users=queries.users(),
        staff=queries.staff(),
        today=today,
        channels=COMPLAINT_CHANNELS,
    )


def _complaint(complaint_id):
    return queries.get_or_404(Complaint, complaint_id)


@permission_required("hall.manage")
def complaint_assign(complaint_id):
    c = _complaint(complaint_id)
    with refusals_flashed(REFUSALS):
        svc.assign(current_user, c, form_int("investigator_id") or 0, request.form.get("row_version"))
        flash("已指定调查人。", "success")
    return redirect(url_for("hall.complaint", complaint_id=complaint_id))


@permission_required("hall.manage")
def complaint_step(complaint_id):
    c = _complaint(complaint_id)
    step = request.form.get("step", "")
    with refusals_flashed(REFUSALS):
        svc.do_step(
            current_user,
            c,
            step,
            form_date("on", local_today()),
            request.form.get("row_version"),
            note=request.form.get("note", ""),
            finding=request.form.get("finding") or None,
            result=request.form.get("result", ""),
        )
        flash(f"已完成“{rules.STEP_LABELS.get(step, step)}”。", "success")
    return redirect(url_for("hall.complaint", complaint_id=complaint_id))


@permission_required("hall.manage")
def complaint_decide(complaint_id):
    c = _complaint(complaint_id)
    with refusals_flashed(REFUSALS):
        a = svc.decide(
            current_user,
            c,
            request.form.get("decision", ""),
            form_date("on", local_today()),
            staff_id=form_int("staff_id"),
            note=request.form.get("note", ""),
        )
        flash(f"已记录责任追究：{rules.DECISIONS[a.decision]}，计入当月考核。", "success")
    return redirect(url_for("hall.complaint", complaint_id=complaint_id))


@permission_required("hall.view")
def complaints_month():
    today = local_today()
    year, month = month_arg(today)
    return render_template(
        "hall/complaints_month.html",
        rows=queries.complaint_month_table(year, month, today, svc.limits()),
        year=year,
        month=month,
        decisions=queries.accountability_in(*queries.month_bounds(year, month)),
        labels=rules.DECISIONS,
    )
