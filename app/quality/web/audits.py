"""内部审核 pages: the year's programme with its coverage matrix, 内审员, one audit with its
team, checklist and findings, the report as .docx."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...centers.queries import current_center_name
from ...core.timeutil import local_today
from ...downloads import download
from ...flashing import refusals_flashed
from ...procedures.logic.iso import CLAUSES
from .. import queries
from ..logic import reports, vocab
from ..models import Audit, AuditProgramme, ChecklistItem
from ..services import audits as svc
from .common import REFUSALS, form_int, posted, site_names, users_for_select


@permission_required("quality.view")
def programme():
    year = request.args.get("year", local_today().year, type=int)
    prog = queries.programme_of(year)
    return render_template(
        "quality/programme.html",
        year=year,
        prog=prog,
        v=vocab,
        clauses=CLAUSES,
        coverage=queries.programme_coverage(prog) if prog else None,
        auditors=queries.internal_auditors(),
        programmes=queries.programmes(),
        **site_names(),
    )


@permission_required("quality.manage")
def programme_new():
    year = form_int("year") or local_today().year
    with refusals_flashed(REFUSALS):
        p = svc.create_programme(current_user, year, request.form.get("title", ""), request.form.get("note", ""))
        flash(f"已建立{p.title}。", "success")
    return redirect(url_for("quality.programme", year=year))


AUDIT_FIELDS = {
    "text": ("title", "clauses", "rule_numbers"),
    "dates": ("planned_on",),
    "ints": ("leader_id",),
    "lists": ("window_ids", "department_ids", "member_ids"),
}


@permission_required("quality.manage")
def audit_new():
    prog = queries.get_or_404(AuditProgramme, form_int("programme_id") or 0)
    with refusals_flashed(REFUSALS):
        a = svc.plan_audit(current_user, prog, **posted(**AUDIT_FIELDS))
        flash(f"已编制审核计划 {a.number}。", "success")
        return redirect(url_for("quality.audit_detail", audit_id=a.id))
    return redirect(url_for("quality.programme", year=prog.year))


@permission_required("quality.view")
def audit_detail(audit_id):
    a = queries.get_or_404(Audit, audit_id)
    return render_template(
        "quality/audit_detail.html",
        a=a,
        v=vocab,
        clauses=CLAUSES,
        ncs=queries.audit_ncs(a.id),
        member=svc.is_member(current_user, a),
        places=queries.scope_places(a),
        **site_names(),
    )


@permission_required("quality.manage")
def audit_checklist(audit_id):
    a = queries.get_or_404(Audit, audit_id)
    with refusals_flashed(REFUSALS):
        n = svc.build_checklist(current_user, a)
        flash(f"已按条款和审核日现行文件生成检查表 {n} 项。", "success")
    return redirect(url_for("quality.audit_detail", audit_id=audit_id))


@permission_required("quality.audit")
def audit_finding(item_id):
    item = queries.get_or_404(ChecklistItem, item_id)
    fields = posted(("finding", "evidence", "severity"), ("window_id",), severity="minor")
    with refusals_flashed(REFUSALS):
        item = svc.record_finding(current_user, item, **fields)
        msg = f"已记录第 {item.seq} 项。" + (f"已开具不合格 {item.nc.number}。" if item.nc_id else "")
        flash(msg, "success")
    return redirect(url_for("quality.audit_detail", audit_id=item.audit_id, _anchor=f"item-{item.seq}"))


@permission_required("quality.audit")
def audit_perform(audit_id):
    a = queries.get_or_404(Audit, audit_id)
    fields = posted(("summary",), dates=("performed_on",))
    with refusals_flashed(REFUSALS):
        svc.perform(current_user, a, **fields, row_version=request.form.get("row_version"))
        flash(f"{a.number} 已实施。", "success")
    return redirect(url_for("quality.audit_detail", audit_id=audit_id))


@permission_required("quality.audit")
def audit_report_issue(audit_id):
    a = queries.get_or_404(Audit, audit_id)
    with refusals_flashed(REFUSALS):
        svc.issue_report(current_user, a, row_version=request.form.get("row_version"))
        flash(
            f"{a.number} 审核报告已发布" + ("，没有未关闭的不合格，审核关闭。" if a.state == "closed" else "。"),
            "success",
        )
    return redirect(url_for("quality.audit_detail", audit_id=audit_id))


@permission_required("quality.view")
def audit_report(audit_id):
    a = queries.get_or_404(Audit, audit_id)
    if a.state not in ("reported", "closed"):
        flash("审核报告尚未发布。", "warning")
        return redirect(url_for("quality.audit_detail", audit_id=audit_id))
    stream = reports.audit_report(queries.audit_report_data(a, current_center_name()))
    return download(stream, f"{a.number} 内部审核报告.docx")


@permission_required("quality.view")
def auditors():
    if request.method == "POST" and form_int("user_id"):
        with refusals_flashed(REFUSALS):
            fields = posted(("owned_clauses", "certificate"), ("department_id", "window_id"), ("qualified_on",))
            svc.appoint_auditor(current_user, form_int("user_id"), **fields)
            flash("已登记内审员。", "success")
            return redirect(url_for("quality.auditors"))
    return render_template(
        "quality/auditors.html",
        rows=queries.internal_auditors(),
        users=users_for_select(),
        **site_names(),
    )
