"""The year's 服务标兵 (SF-ZD-018 第五条): the roll-up page and the annual certificate."""

from flask import abort, render_template

from ...auth.permissions import permission_required
from ...centers.queries import current_center_name
from ...downloads import download
from ..queries import exemplars as ex
from ..queries.exemplar_year import year_view
from ..services import publish
from .common import local_today


@permission_required("assessment.view")
def exemplars_year(year):
    if not 2000 <= year <= 2100:
        abort(404)
    return render_template("assessment/exemplars_year.html", v=year_view(year, local_today()), labels=ex.CYCLE_LABELS)


@permission_required("assessment.view")
def annual_certificate(year, staff_id):
    if not 2000 <= year <= 2100:
        abort(404)
    v = year_view(year, local_today())
    row = next((r for r in v.selected if r.staff_id == staff_id), None)
    if row is None or not v.decided:
        abort(404)
    stream = publish.annual_certificate(
        row.name, row.window_name, year, row.periods, current_center_name(), local_today()
    )
    return download(stream, f"{year}年度服务标兵证书-{row.name}.docx")
