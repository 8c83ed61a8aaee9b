"""质量目标 pages: the year's objectives with their monthly values and charts."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ...flashing import refusals_flashed
from ..logic.objectives import MEASURES
from ..services import objectives as svc
from .common import REFUSALS, form_int, objective_cards, posted, users_for_select


@permission_required("quality.view")
def objectives():
    year = request.args.get("year", local_today().year, type=int)
    return render_template(
        "quality/objectives.html", year=year, cards=objective_cards(year), measures=MEASURES, users=users_for_select()
    )


@permission_required("quality.manage")
def objective_new():
    year = form_int("year") or local_today().year
    fields = posted(("name", "measure"), ("owner_id",))
    with refusals_flashed(REFUSALS):
        o = svc.create(current_user, **fields, target=request.form.get("target"), year=year)
        flash(f"已设定质量目标“{o.name}”。", "success")
    return redirect(url_for("quality.objectives", year=year))


@permission_required("quality.manage")
def objectives_refresh():
    year = form_int("year") or local_today().year
    with refusals_flashed(REFUSALS):
        n = svc.refresh(current_user, year)
        flash(f"已根据业务记录重新计算 {n} 个月度值。", "success")
    return redirect(url_for("quality.objectives", year=year))
