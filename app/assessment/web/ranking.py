"""Ranking, red flags, a window's history, charts and the month's exports (.docx, .xlsx)."""

from flask import Response, abort, current_app, render_template, request

from ...auth.permissions import permission_required
from ...downloads import download
from ..logic import charts
from ..logic import workflow as wf
from ..models import ScoreSheet
from ..queries import awards
from ..queries import months as q
from ..queries.evaluation import month_evaluation
from ..services import publish
from .common import local_today


@permission_required("assessment.view")
def ranking(year, month):
    m = q.month_or_404(year, month)
    out = awards.outcome(m)
    return render_template(
        "assessment/ranking.html",
        m=m,
        out=out,
        warnings=awards.warnings(m, out),
        scheme=m.scheme_version.scheme,
        wf=wf,
        months=q.month_keys(24),
    )


@permission_required("assessment.view")
def bulletin(year, month):
    m = q.month_or_404(year, month)
    out = awards.outcome(m)
    stream = publish.bulletin(
        m,
        out,
        awards.warnings(m, out),
        current_app.config["CENTER_NAME"],
        m.finalised_at.date() if m.finalised_at else local_today(),
        evaluation=month_evaluation(m),
    )
    return download(stream, f"{m.year}年{m.month}月考核通报.docx")


@permission_required("assessment.view")
def ranking_xlsx(year, month):
    m = q.month_or_404(year, month)
    return download(
        publish.ranking_xlsx(m, awards.outcome(m), month_evaluation(m)), f"{m.year}年{m.month}月考核排名.xlsx"
    )


@permission_required("assessment.view")
def sheets_xlsx(year, month):
    m = q.month_or_404(year, month)
    return download(publish.sheets_xlsx(m), f"{m.year}年{m.month}月评分明细.xlsx")


@permission_required("assessment.view")
def flags():
    year = request.args.get("year", type=int) or local_today().year
    return render_template("assessment/flags.html", yf=awards.year_flags(year), year=year)


@permission_required("assessment.view")
def flags_chart(year):
    yf = awards.year_flags(year)
    names = [name for _w, name in yf.windows]
    grid = [[m in yf.grid.get(w, {}) for m in range(1, 13)] for w, _n in yf.windows]
    return Response(charts.flags_year(names, grid, f"{year}年流动红旗分布"), mimetype="image/svg+xml")


@permission_required("assessment.view")
def window(window_id):
    rows = q.window_months(window_id)
    if not rows:
        abort(404)
    return render_template(
        "assessment/window.html",
        rows=rows,
        flags=q.window_flags(window_id),
        window_id=window_id,
        name=rows[-1].window_name,
        history=awards.window_history(window_id),
        latest=rows[-1],
    )


@permission_required("assessment.view")
def trend_chart(window_id):
    rows = q.window_months(window_id)
    if not rows:
        abort(404)
    # 7月, 8月 … with the year on the first point and on each January (not "26/7", read as a day).
    points = [
        (f"{r.year}年{r.month}月" if i == 0 or r.month == 1 else f"{r.month}月", r.total) for i, r in enumerate(rows)
    ]
    # the last point may be a month not yet final: the title says so, in the same words as the pages
    latest = q.get_month(rows[-1].year, rows[-1].month)
    title = (
        f"{rows[-1].window_name} 月度得分趋势（{rows[-1].month}月为{wf.result_short(latest.status)}）"
        if latest and latest.status != wf.FINAL
        else f"{rows[-1].window_name} 月度得分趋势"
    )
    return Response(charts.trend(points, title), mimetype="image/svg+xml")


@permission_required("assessment.view")
def breakdown_chart(sheet_id):
    s = q.get_or_404(ScoreSheet, sheet_id)
    scheme = s.month.scheme_version.scheme
    b = s.breakdown
    cats = [(c.name, c.weight, float(b.get(c.code, 0))) for c in scheme.categories]
    title = f"{s.window_name} {s.month.label} 分类得分（{wf.result_short(s.month.status)}）"
    return Response(charts.breakdown(cats, title), mimetype="image/svg+xml")
