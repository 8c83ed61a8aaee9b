"""Ranking, red flags, charts, exports (.docx, .xlsx) and the scheme pages."""
from flask import Response, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from ..auth.permissions import permission_required
from ..core.timeutil import local_today
from ..documents.logic.lifecycle import STATUS_BADGES, STATUS_LABELS
from ..documents.services import status_of_version
from ..documents.models import DocumentVersion
from ..extensions import db
from . import awards, bp, charts, publish, scheme_form, schemes
from . import scheme as sch
from . import workflow as wf
from .errors import USER_ERRORS
from .forms import SchemeForm
from .models import AssessmentMonth, SchemeVersion, ScoreSheet
from .views import _month_or_404

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/<int:year>/<int:month>/ranking")
@permission_required("assessment.view")
def ranking(year, month):
    m = _month_or_404(year, month)
    out = awards.outcome(m)
    return render_template("assessment/ranking.html", m=m, out=out, warnings=awards.warnings(m, out),
                           scheme=m.scheme_version.scheme, wf=wf,
                           months=db.session.execute(db.select(AssessmentMonth.year, AssessmentMonth.month)
                                                     .order_by(AssessmentMonth.year.desc(), AssessmentMonth.month.desc())
                                                     .limit(24)).all())


@bp.route("/<int:year>/<int:month>/bulletin.docx")
@permission_required("assessment.view")
def bulletin(year, month):
    m = _month_or_404(year, month)
    out = awards.outcome(m)
    stream = publish.bulletin(m, out, awards.warnings(m, out), current_app.config["CENTER_NAME"],
                              m.finalised_at.date() if m.finalised_at else local_today())
    return send_file(stream, mimetype=DOCX, as_attachment=True, download_name=f"{m.year}年{m.month}月考核通报.docx")


@bp.route("/<int:year>/<int:month>/ranking.xlsx")
@permission_required("assessment.view")
def ranking_xlsx(year, month):
    m = _month_or_404(year, month)
    return send_file(publish.ranking_xlsx(m, awards.outcome(m)), mimetype=XLSX, as_attachment=True,
                     download_name=f"{m.year}年{m.month}月考核排名.xlsx")


@bp.route("/<int:year>/<int:month>/sheets.xlsx")
@permission_required("assessment.view")
def sheets_xlsx(year, month):
    m = _month_or_404(year, month)
    return send_file(publish.sheets_xlsx(m), mimetype=XLSX, as_attachment=True,
                     download_name=f"{m.year}年{m.month}月评分明细.xlsx")


@bp.route("/flags")
@permission_required("assessment.view")
def flags():
    year = request.args.get("year", type=int) or local_today().year
    yf = awards.year_flags(year)
    return render_template("assessment/flags.html", yf=yf, year=year)


@bp.route("/flags/<int:year>.svg")
@permission_required("assessment.view")
def flags_chart(year):
    yf = awards.year_flags(year)
    names = [name for _w, name in yf.windows]
    grid = [[m in yf.grid.get(w, {}) for m in range(1, 13)] for w, _n in yf.windows]
    return Response(charts.flags_year(names, grid, f"{year}年流动红旗分布"), mimetype="image/svg+xml")


def _window_months(window_id, limit=24):
    rows = db.session.execute(
        db.select(AssessmentMonth.year, AssessmentMonth.month, ScoreSheet.total, ScoreSheet.id, ScoreSheet.window_name)
        .join(AssessmentMonth, AssessmentMonth.id == ScoreSheet.month_id)
        .where(ScoreSheet.window_id == window_id)
        .order_by(AssessmentMonth.year.desc(), AssessmentMonth.month.desc()).limit(limit)).all()
    return list(reversed(rows))


@bp.route("/windows/<int:window_id>")
@permission_required("assessment.view")
def window(window_id):
    rows = _window_months(window_id)
    if not rows:
        abort(404)
    from .models import FlagAward

    flags = db.session.scalars(db.select(FlagAward).filter_by(window_id=window_id, revoked=False)
                               .order_by(FlagAward.year.desc(), FlagAward.period, FlagAward.number.desc())).all()
    return render_template("assessment/window.html", rows=rows, flags=flags, window_id=window_id,
                           name=rows[-1].window_name, history=awards.window_history(window_id), latest=rows[-1])


@bp.route("/windows/<int:window_id>/trend.svg")
@permission_required("assessment.view")
def trend_chart(window_id):
    rows = _window_months(window_id)
    if not rows:
        abort(404)
    # 7月, 8月 … with the year on the first point and on each January (not "26/7", read as a day).
    points = [(f"{r.year}年{r.month}月" if i == 0 or r.month == 1 else f"{r.month}月", r.total)
              for i, r in enumerate(rows)]
    return Response(charts.trend(points, f"{rows[-1].window_name} 月度得分趋势"), mimetype="image/svg+xml")


@bp.route("/sheets/<int:sheet_id>/breakdown.svg")
@permission_required("assessment.view")
def breakdown_chart(sheet_id):
    s = db.get_or_404(ScoreSheet, sheet_id)
    scheme = s.month.scheme_version.scheme
    b = s.breakdown
    cats = [(c.name, c.weight, float(b.get(c.code, 0))) for c in scheme.categories]
    return Response(charts.breakdown(cats, f"{s.window_name} {s.month.label} 分类得分"), mimetype="image/svg+xml")


# ---------------------------------------------------------------------- schemes
@bp.route("/schemes")
@permission_required("assessment.view")
def schemes_index():
    return render_template("assessment/schemes.html", history=schemes.history(), drafts=schemes.drafts(),
                           in_force=schemes.scheme_version_in_force(local_today()), rule_number=sch.RULE_NUMBER,
                           status_labels=STATUS_LABELS, status_badges=STATUS_BADGES,
                           shown_status=status_of_version)


@bp.route("/schemes/<int:sv_id>")
@permission_required("assessment.view")
def scheme_show(sv_id):
    sv = db.get_or_404(SchemeVersion, sv_id)
    return render_template("assessment/scheme_show.html", sv=sv, s=sv.scheme, units=sch.UNITS, sources=sch.SOURCES)


@bp.route("/schemes/draft/<int:dv_id>", methods=["GET", "POST"])
@permission_required("assessment.scheme_edit")
def scheme_edit(dv_id):
    """Edit the scheme of a draft of SF-ZD-017: the numbers in a form, or the whole scheme as JSON."""
    dv = db.get_or_404(DocumentVersion, dv_id)
    if dv.document.number != sch.RULE_NUMBER:
        abort(404)
    sv = schemes.for_document_version(dv.id)
    base = schemes.base_for_draft(dv)
    form = SchemeForm()
    values = scheme_form.values_of(base)
    status = 200
    if request.method == "GET":
        form.scheme_json.data = sch.to_json(base)
        form.row_version.data = sv.row_version if sv else ""
    else:
        try:
            if request.form.get("mode") == "json":
                if not form.validate_on_submit():
                    raise sch.SchemeError("考核方案不能为空。")
                text = form.scheme_json.data
            else:
                values = request.form.to_dict()
                text = sch.to_json(scheme_form.apply(base, values))
            schemes.save_draft_scheme(current_user, dv, text, request.form.get("row_version"))
            flash(f"已保存 {dv.document.number} {dv.revision} 草稿的考核方案；随该版本审核、批准后生效。", "success")
            return redirect(url_for(".schemes_index"))
        except USER_ERRORS as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            status = 400
    return render_template("assessment/scheme_edit.html", dv=dv, sv=sv, form=form, s=base, v=values,
                           units=sch.UNITS, sources=sch.SOURCES, editable=dv.status == "draft"), status
