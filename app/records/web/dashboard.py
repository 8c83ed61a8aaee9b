"""The records dashboard: the month's figures per window, with charts."""

from flask import render_template, request

from ...auth.permissions import permission_required
from ..logic import charts
from ..queries import active_windows, dashboard, month_bounds
from .common import parse_month


@permission_required("records.view")
def index():
    year, month = parse_month()
    window_id = request.args.get("window", type=int)
    data = dashboard.build(year, month, window_id)
    return render_template(
        "records/dashboard.html",
        d=data,
        charts=charts,
        year=year,
        month=month,
        window_id=window_id,
        windows=active_windows(month_bounds(year, month)[1]),
    )
