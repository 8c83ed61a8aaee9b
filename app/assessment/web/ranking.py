"""Ranking, red flags, a window's history, charts and the month's exports (.docx, .xlsx)."""

from flask import Response, abort, render_template, request

from ...auth.permissions import permission_required
from ...centers.queries import current_center_name
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
    stream = publish.month_bulletin(m, current_center_name())
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
    last = rows[-1]
    latest = q.get_month(last.year, last.month)
    title = charts.trend_title(last.window_name, last.month, latest.status if latest else None)
    return Response(charts.trend(charts.trend_points(rows), title), mimetype="image/svg+xml")


@permission_required("assessment.view")
def breakdown_chart(sheet_id):
    s = q.get_or_404(ScoreSheet, sheet_id)
    scheme = s.month.scheme_version.scheme
    b = s.breakdown
    cats = [(c.name, c.weight, float(b.get(c.code, 0))) for c in scheme.categories]
    title = f"{s.window_name} {s.month.label} 分类得分（{wf.result_short(s.month.status)}）"
    return Response(charts.breakdown(cats, title), mimetype="image/svg+xml")
