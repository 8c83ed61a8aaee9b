"""The records dashboard: the month's figures per window, with charts."""

from flask import render_template

from ...auth.permissions import permission_required
from ..logic import charts
from ..queries import active_windows, dashboard, month_bounds
from .common import month_and_window


@permission_required("records.view")
def index():
    year, month, window_id = month_and_window()
    return render_template(
        "records/dashboard.html",
        d=dashboard.build(year, month, window_id),
        charts=charts,
        year=year,
        month=month,
        window_id=window_id,
        windows=active_windows(month_bounds(year, month)[1]),
    )
