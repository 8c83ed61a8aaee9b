"""办件情况统计表: the month's or the year's figures per window, on the page and as a workbook."""

from flask import render_template

from ...auth.permissions import permission_required
from ...downloads import download
from .. import export as xl
from ..queries import stats
from .common import stats_period


@permission_required("records.view")
def stats_page():
    """办件情况统计表 for a month (?month=YYYY-MM) or, with ?year=YYYY, the year's totals."""
    year, month = stats_period()
    return render_template(
        "records/stats.html", year=year, month=month, pct=stats.pct, **stats.page_tables(year, month)
    )


@permission_required("records.view")
def stats_export():
    year, month = stats_period()
    return download(xl.stats_xlsx(year, month, *stats.period_table(year, month)), "stats.xlsx")
