"""办件情况统计表: the month's or the year's figures per window, on the page and as a workbook."""

from flask import render_template, request

from ...auth.permissions import permission_required
from ...downloads import download
from .. import export as xl
from ..queries import stats
from .common import parse_month


@permission_required("records.view")
def stats_page():
    """办件情况统计表 for a month (?month=YYYY-MM) or, with ?year=YYYY, the year's totals."""
    year_only = request.args.get("year", type=int)
    if year_only:
        rows, total = stats.year_table(year_only)
        return render_template("records/stats.html", year=year_only, month=None, rows=rows, total=total, pct=stats.pct)
    year, month = parse_month()
    rows, total = stats.month_table(year, month)
    year_rows, year_total = stats.year_table(year)
    return render_template(
        "records/stats.html",
        year=year,
        month=month,
        rows=rows,
        total=total,
        pct=stats.pct,
        year_rows=year_rows,
        year_total=year_total,
    )


@permission_required("records.view")
def stats_export():
    if year := request.args.get("year", type=int):
        rows, total = stats.year_table(year)
        title = f"{year}年办件统计"
    else:
        year, month = parse_month()
        rows, total = stats.month_table(year, month)
        title = f"{year}年{month}月办件统计"
    headers = [
        "窗口",
        "收件",
        "办结",
        "按时办结",
        "提前办结",
        "超期",
        "按时办结率",
        "提前办结率",
        "即办件比率",
        "平均用时（工作日）",
        "实际提速率",
    ]
    data = (
        [
            r.label,
            r.received,
            r.completed,
            r.on_time,
            r.early,
            r.overdue,
            stats.pct(r.on_time_rate),
            stats.pct(r.early_rate),
            stats.pct(r.instant_rate),
            round(r.avg_used, 1) if r.avg_used is not None else "",
            stats.pct(r.speedup_rate),
        ]
        for r in rows + [total]
    )
    return download(xl.to_xlsx(title, headers, data), "stats.xlsx")
