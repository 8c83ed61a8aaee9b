"""三级汇总 (issue 13 item 3): each level's centers side by side for a month, a chart, and the
drill-down center → its windows → a window's cases. Who sees which center: the permission module
(visible_center_ids, purpose statistics): a city's administrator, evaluator or quality manager sees
the counties and townships below; a county's its townships; a township's only itself."""

from flask import abort, render_template, request

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from .. import queries
from ..logic import chart
from .common import center_or_404, month_context, parse_month, visible_ids


@permission_required("rollup.view")
def index():
    year, month = parse_month()
    page = queries.overview(visible_ids(), year, month, local_today())
    return render_template(
        "rollup/index.html", chart=chart.centers_chart(page["chart_rows"]), **page, **month_context(year, month)
    )


@permission_required("rollup.view")
def center(center_id):
    center_or_404(center_id)
    year, month = parse_month()
    page = queries.center_page(center_id, year, month, local_today()) or abort(404)
    return render_template("rollup/center.html", **page, **month_context(year, month))


@permission_required("rollup.view")
def window_cases(center_id, window_id):
    center_or_404(center_id)
    year, month = parse_month()
    page = queries.cases_page(center_id, window_id, year, month, request.args.get("page", 1, type=int))
    return render_template("rollup/cases.html", **(page or abort(404)), **month_context(year, month, cases=True))
