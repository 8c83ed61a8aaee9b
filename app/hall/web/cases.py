"""A case as the hall sees it: the 补正 checklist and its 一次性告知书, joint stages, 上报."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...auth.privacy import log_access
from ...core.timeutil import local_today
from ...downloads import download
from ...flashing import refusals_flashed
from ...records.models import Case
from .. import queries
from ..logic import joint as joint_rules
from ..logic import outbox as outbox_rules
from ..logic import reporting
from ..logic.materials import FORMS
from ..models import CaseReport, JointStage, NoticeMessage, SupplementNotice
from ..services import joint as joint_svc
from ..services import outbox
from ..services import supplement as svc
from ..services.common import may_act_for
from .common import REFUSALS, form_date


@permission_required("hall.view")
def case(case_id):
    c = queries.get_or_404(Case, case_id)
    today = local_today()
    joint_svc.sweep_deemed(today)
    stages = joint_svc.stages_of(c.id)
    views = {
        s.id: joint_rules.view(s.role, s.started_on, s.limit_days, s.answered_on if not s.is_open else None, today)
        for s in stages
    }
    for s in stages:  # stored due dates are the truth (the lead's follows the case clock)
        views[s.id].due_on = s.due_on
    reports = joint_svc.reports_of(c.id)
    log_access(current_user, "pd_read", "rec_cases", [c])  # personal data shown unmasked is logged
    return render_template(
        "hall/case.html",
        case=c,
        today=today,
        checklist=svc.checklist(c, today),
        notices=svc.notices_of(c.id),
        messages=outbox.messages_of(c.id),
        send_form=session.pop("hall_send_form", None) or {},
        channels=outbox_rules.CHANNELS,
        message_labels=outbox_rules.STATUS_LABELS,
        forms=FORMS,
        stages=stages,
        views=views,
        reports=reports,
        windows=queries.windows(today),
        contact=queries.contact_of_case(c.id),
        may_act=may_act_for(current_user, c.window_id, today),
        may_answer={
            s.id: s.is_open and s.role == joint_rules.CO and may_act_for(current_user, s.window_id, today)
            for s in stages
        },
        answers=joint_rules.ANSWER_LABELS,
        lights=joint_rules.LIGHT_LABELS,
        waiting_co=[s for s in stages if s.role == joint_rules.CO and s.is_open],
        report_views={
            r.id: reporting.view(c.accepted_on or c.received_on, r.reported_on, r.answered_on, r.informed_on, today)
            for r in reports
        },
    )


@permission_required("hall.desk")
def supplement_issue(case_id):
    c = queries.get_or_404(Case, case_id)
    with refusals_flashed(REFUSALS):
        n = svc.issue(
            current_user,
            c,
            set(request.form.getlist("present")),
            local_today(),
            request.form.get("row_version"),
            note=request.form.get("note", ""),
        )
        flash(f"已出具一次性告知书 {n.number}，计时暂停，请于告知书所列期限内补齐。", "success")
        if n.breach_keys:
            flash("注意：本次告知的材料中有首次告知书未列出的材料，已记为违反一次性告知制度。", "danger")
    return redirect(url_for("hall.case", case_id=case_id))


@permission_required("hall.desk")
def notice_send(notice_id):
    n = queries.get_or_404(SupplementNotice, notice_id)
    channel, recipient = request.form.get("channel", ""), request.form.get("recipient", "")
    queued = False
    with refusals_flashed(REFUSALS):
        outbox.queue(current_user, n, channel, recipient)
        queued = True
        flash(f"告知书 {n.number} 已放入发送队列，将于几分钟内以{outbox_rules.CHANNELS[channel]}发送。", "success")
    if not queued:  # the case page shows the form again with what was typed
        session["hall_send_form"] = {"notice_id": n.id, "channel": channel[:10], "recipient": recipient[:120]}
    return redirect(url_for("hall.case", case_id=n.case_id) + "#supplement")


@permission_required("hall.desk")
def message_requeue(message_id):
    m = queries.get_or_404(NoticeMessage, message_id)
    with refusals_flashed(REFUSALS):
        outbox.requeue(current_user, m, request.form.get("row_version"))
        flash("已重新放入发送队列。", "success")
    return redirect(url_for("hall.case", case_id=m.case_id) + "#supplement")


@permission_required("hall.view")
def notice_docx(notice_id):
    n = queries.get_or_404(SupplementNotice, notice_id)
    return download(svc.notice_docx(n), f"一次性告知书-{n.case.number}-{n.seq}.docx")


@permission_required("hall.desk")
def joint_new(case_id):
    c = queries.get_or_404(Case, case_id)
    co = []
    for w, n in zip(request.form.getlist("co_window_id"), request.form.getlist("co_limit"), strict=False):
        if w.isdigit():
            co.append((int(w), int(n) if n.strip().isdigit() else 0))
    with refusals_flashed(REFUSALS):
        joint_svc.make_joint(current_user, c, co)
        flash("已发起联办，协办窗口的办理时限开始计算。", "success")
    return redirect(url_for("hall.case", case_id=case_id))


@permission_required("hall.desk")
def stage_answer(stage_id):
    s = queries.get_or_404(JointStage, stage_id)
    with refusals_flashed(REFUSALS):
        joint_svc.answer_stage(
            current_user,
            s,
            request.form.get("answer", ""),
            request.form.get("note", ""),
            request.form.get("row_version"),
        )
        flash("已答复协办意见。" + ("已超过协办时限，本窗口记为逾期。" if s.charged else ""), "success")
    return redirect(url_for("hall.case", case_id=s.case_id))


@permission_required("hall.desk")
def report_new(case_id):
    c = queries.get_or_404(Case, case_id)
    with refusals_flashed(REFUSALS):
        joint_svc.report(
            current_user,
            c,
            request.form.get("authority", ""),
            form_date("on", local_today()),
            request.form.get("row_version"),
        )
        flash("已上报，计时暂停至上级答复。", "success")
    return redirect(url_for("hall.case", case_id=case_id))


@permission_required("hall.desk")
def report_answer(report_id):
    r = queries.get_or_404(CaseReport, report_id)
    with refusals_flashed(REFUSALS):
        joint_svc.record_answer(
            current_user,
            r,
            request.form.get("answer", ""),
            form_date("on", local_today()),
            request.form.get("row_version"),
        )
        flash("已登记上级答复，恢复计时；请于 2 个工作日内告知申请人。", "success")
    return redirect(url_for("hall.case", case_id=r.case_id))


@permission_required("hall.desk")
def report_informed(report_id):
    r = queries.get_or_404(CaseReport, report_id)
    with refusals_flashed(REFUSALS):
        joint_svc.record_informed(current_user, r, form_date("on", local_today()), request.form.get("row_version"))
        flash("已登记告知申请人。", "success")
    return redirect(url_for("hall.case", case_id=r.case_id))


@permission_required("hall.view")
def lights():
    today = local_today()
    joint_svc.sweep_deemed(today)
    light = request.args.get("light") if request.args.get("light") in ("red", "yellow") else None
    window_id = request.args.get("window", type=int)
    counts, rows = queries.stage_lights(today, window_id=window_id, light=light)
    wm = queries.window_map()
    summary = sorted(
        ((wm[w], red, yellow) for w, red, yellow in counts if w in wm), key=lambda t: (-t[1], -t[2], t[0].number)
    )
    return render_template(
        "hall/lights.html",
        rows=rows,
        summary=summary,
        today=today,
        light=light,
        window_id=window_id,
        role_label=queries.joint_label,
        joint_cases=queries.joint_cases(50),
        deemed=queries.charged_stages(today.replace(day=1), today),
    )
