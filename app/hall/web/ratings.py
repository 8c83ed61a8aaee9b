"""好差评 (GB/T 39734/39735): indicator values per window and month, the 差评 loop."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ...downloads import download
from ...flashing import refusals_flashed
from ...records.models import Case, Rating
from .. import queries
from ..logic import ratings as rules
from ..services import ratings as svc
from ..services.common import HallError
from .common import REFUSALS, form_date, month_arg

STATES = {"unverified": "待核实", "rectifying": "整改中", "revisit": "待回访", "appeal": "待复核"}
ANSWERS = {"satisfied": "满意", "basic": "基本满意", "not_satisfied": "不满意", "unreachable": "无法联系"}


@permission_required("hall.view")
def ratings():
    today = local_today()
    year, month = month_arg(today)
    state = request.args.get("state") if request.args.get("state") in STATES else None
    return render_template(
        "hall/ratings.html",
        table=queries.indicator_table(year, month, today),
        year=year,
        month=month,
        rows=queries.bad_ratings(state),
        state=state,
        states=STATES,
        grades=rules.GRADES,
        categories=rules.CATEGORIES,
        today=today,
    )


@permission_required("hall.view")
def ratings_export():
    today = local_today()
    year, month = month_arg(today)
    data = svc.indicators_xlsx(year, month, queries.indicator_table(year, month, today))
    return download(data, f"好差评指标-{year}年{month}月.xlsx")


@permission_required("hall.view")
def rating(rating_id):
    r = queries.get_or_404(Rating, rating_id)
    case = queries.get_or_404(Case, r.case_id) if r.case_id else None
    return render_template(
        "hall/rating.html",
        r=r,
        case=case,
        grades=rules.GRADES,
        categories=rules.CATEGORIES,
        exclusions=rules.EXCLUSION_REASONS,
        answers=ANSWERS,
        is_bad=rules.is_bad(r.grade),
        today=local_today(),
    )


@permission_required("hall.desk")
def rate(case_id):
    c = queries.get_or_404(Case, case_id)
    with refusals_flashed(REFUSALS):
        svc.rate_case(
            current_user,
            c,
            request.form.get("grade"),
            local_today(),
            channel=request.form.get("channel", "on_site"),
            comment=request.form.get("comment", ""),
            efficiency=request.form.get("efficiency"),
            competence=request.form.get("competence"),
            attitude=request.form.get("attitude"),
        )
        flash("已登记评价（一次一评）。", "success")
    return redirect(url_for("hall.case", case_id=case_id))


def _rating(rating_id):
    return queries.get_or_404(Rating, rating_id)


@permission_required("hall.manage")
def rating_verify(rating_id):
    r = _rating(rating_id)
    with refusals_flashed(REFUSALS):
        decision = request.form.get("decision")
        if decision not in ("uphold", "exclude"):
            raise HallError("请选择核实结论。")
        svc.verify(
            current_user,
            r,
            request.form.get("category", ""),
            decision == "uphold",
            form_date("on", local_today()),
            request.form.get("row_version"),
            note=request.form.get("note", ""),
            exclusion_kind=request.form.get("exclusion_kind") or None,
        )
        flash(
            "已核实。"
            + (f"整改期限 {r.rectify_due_on:%Y-%m-%d}。" if r.rectify_due_on else "该差评已剔除，理由已记入审计追踪。"),
            "success",
        )
    return redirect(url_for("hall.rating", rating_id=rating_id))


@permission_required("hall.manage")
def rating_rectify(rating_id):
    r = _rating(rating_id)
    with refusals_flashed(REFUSALS):
        svc.rectify(
            current_user,
            r,
            form_date("on", local_today()),
            request.form.get("note", ""),
            request.form.get("row_version"),
        )
        flash("已登记整改情况。", "success")
    return redirect(url_for("hall.rating", rating_id=rating_id))


@permission_required("hall.manage")
def rating_revisit(rating_id):
    r = _rating(rating_id)
    with refusals_flashed(REFUSALS):
        svc.revisit(
            current_user,
            r,
            form_date("on", local_today()),
            request.form.get("note", ""),
            request.form.get("answer", ""),
            request.form.get("row_version"),
        )
        flash("已登记回访及评价人答复。", "success")
    return redirect(url_for("hall.rating", rating_id=rating_id))


@permission_required("hall.desk")
def rating_appeal(rating_id):
    r = _rating(rating_id)
    with refusals_flashed(REFUSALS):
        svc.appeal(current_user, r, request.form.get("reason", ""), local_today(), request.form.get("row_version"))
        flash("已提交申诉复核。", "success")
    return redirect(url_for("hall.rating", rating_id=rating_id))


@permission_required("hall.manage")
def rating_appeal_decide(rating_id):
    r = _rating(rating_id)
    with refusals_flashed(REFUSALS):
        svc.decide_appeal(
            current_user,
            r,
            request.form.get("granted") == "1",
            request.form.get("note", ""),
            local_today(),
            request.form.get("row_version"),
        )
        flash("已作出复核决定。", "success")
    return redirect(url_for("hall.rating", rating_id=rating_id))
