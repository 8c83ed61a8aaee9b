"""季评公示 and the 效能监督员 register: supervisors, visits, the quarter's results, 公示, appeals."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ...downloads import download
from ...flashing import refusals_flashed
from .. import queries
from ..logic import quarterly as rules
from ..models import QuarterAppeal, QuarterReview, Supervisor
from ..services import quarterly as svc
from ..services.common import HallError, may_act_for
from .common import REFUSALS, form_date, form_int


@permission_required("hall.view")
def quarters():
    today = local_today()
    q = rules.quarter_of(today) - 1
    last_year, last_q = (today.year, q) if q else (today.year - 1, 4)
    return render_template(
        "hall/quarters.html",
        reviews=queries.quarter_reviews(),
        supervisors=queries.supervisors(),
        visits=queries.visits(),
        windows=queries.windows(today),
        today=today,
        last_year=last_year,
        last_q=last_q,
        labels=svc.STATUS_LABELS,
        serving=svc.serving,
    )


@permission_required("hall.manage")
def supervisor_new():
    with refusals_flashed(REFUSALS):
        on = form_date("appointed_on")
        if on is None:
            raise HallError("请填写聘任日期。")
        s = svc.appoint(
            current_user,
            request.form.get("name", ""),
            request.form.get("affiliation", ""),
            request.form.get("phone", ""),
            on,
            form_date("term_ends_on"),
        )
        flash(f"已聘任效能监督员 {s.name}。", "success")
    return redirect(url_for("hall.quarters"))


@permission_required("hall.manage")
def supervisor_end(supervisor_id):
    s = queries.get_or_404(Supervisor, supervisor_id)
    with refusals_flashed(REFUSALS):
        svc.end_term(
            current_user,
            s,
            form_date("on", local_today()),
            request.form.get("reason", ""),
            request.form.get("row_version"),
        )
        flash("已解聘。", "success")
    return redirect(url_for("hall.quarters"))


@permission_required("hall.manage")
def visit_new():
    sid = form_int("supervisor_id")
    s = queries.get_or_404(Supervisor, sid) if sid else None
    with refusals_flashed(REFUSALS):
        if s is None:
            raise HallError("请选择监督员。")
        svc.record_visit(
            current_user,
            s,
            form_int("window_id") or 0,
            form_date("visited_on", local_today()),
            request.form.get("score"),
            request.form.get("findings", ""),
        )
        flash("已登记走访。", "success")
    return redirect(url_for("hall.quarters"))


@permission_required("hall.manage")
def quarter_refresh():
    with refusals_flashed(REFUSALS):
        year, quarter = form_int("year"), form_int("quarter")
        if not year or not quarter:
            raise HallError("请选择年度和季度。")
        r = svc.refresh(current_user, year, quarter, local_today())
        flash(f"已计算 {r.year} 年第 {r.quarter} 季度测评结果（草稿）。", "success")
        return redirect(url_for("hall.quarter", review_id=r.id))
    return redirect(url_for("hall.quarters"))


@permission_required("hall.view")
def quarter(review_id):
    r = queries.get_or_404(QuarterReview, review_id)
    today = local_today()
    rows = r.results.get("rows", []) if isinstance(r.results, dict) else []
    appealable = [row for row in rows if may_act_for(current_user, row["window_id"], today)]
    return render_template(
        "hall/quarter.html",
        r=r,
        rows=rows,
        totals=(r.results or {}).get("totals", {}),
        appeals=svc.appeals_of(r.id),
        labels=svc.STATUS_LABELS,
        today=today,
        appealable=appealable,
    )


@permission_required("hall.manage")
def quarter_publish(review_id):
    r = queries.get_or_404(QuarterReview, review_id)
    with refusals_flashed(REFUSALS):
        svc.publish(current_user, r, local_today(), request.form.get("row_version"))
        flash(f"已公示（{r.notice_number}），公示期至 {r.publicity_end:%Y-%m-%d}。", "success")
    return redirect(url_for("hall.quarter", review_id=review_id))


@permission_required("hall.desk")
def quarter_appeal(review_id):
    r = queries.get_or_404(QuarterReview, review_id)
    with refusals_flashed(REFUSALS):
        svc.appeal(current_user, r, form_int("window_id") or 0, request.form.get("reason", ""), local_today())
        flash("已提交申诉。", "success")
    return redirect(url_for("hall.quarter", review_id=review_id))


@permission_required("hall.manage")
def quarter_appeal_decide(appeal_id):
    a = queries.get_or_404(QuarterAppeal, appeal_id)
    with refusals_flashed(REFUSALS):
        svc.decide_appeal(
            current_user,
            a,
            request.form.get("upheld") == "1",
            request.form.get("note", ""),
            local_today(),
            corrected_score=request.form.get("corrected_score") or None,
        )
        flash("已作出复核决定。", "success")
    return redirect(url_for("hall.quarter", review_id=a.review_id))


@permission_required("hall.manage")
def quarter_finalize(review_id):
    r = queries.get_or_404(QuarterReview, review_id)
    with refusals_flashed(REFUSALS):
        svc.finalize(current_user, r, local_today(), request.form.get("row_version"))
        flash("季评结果已定稿。", "success")
    return redirect(url_for("hall.quarter", review_id=review_id))


@permission_required("hall.view")
def quarter_docx(review_id):
    r = queries.get_or_404(QuarterReview, review_id)
    if r.status == svc.DRAFT:
        abort(404)
    return download(svc.notice_docx(r), f"季评公示-{r.year}年第{r.quarter}季度.docx")
