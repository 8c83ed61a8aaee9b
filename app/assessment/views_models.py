"""服务标兵 pages: cycles, nominations, the secret ballot, scores, results and certificates."""
from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from ..auth.permissions import permission_required
from ..core.timeutil import local_today
from ..extensions import db
from ..flashing import refusals_flashed
from . import bp, modelappeals, modelcycle as mc, publish
from .errors import USER_ERRORS
from .forms import CycleAppealForm, CycleDecideForm, CycleForm, NominateForm, ScoresForm
from .models import Appeal, ModelCycle, Nomination
from .views_publish import DOCX


@bp.route("/models")
@permission_required("assessment.view")
def models_index():
    cycles = db.session.scalars(db.select(ModelCycle).order_by(ModelCycle.year.desc(), ModelCycle.kind,
                                                               ModelCycle.number.desc())).all()
    form = CycleForm(year=local_today().year, number=local_today().month)
    return render_template("assessment/models.html", cycles=cycles, form=form, labels=mc.CYCLE_LABELS)


@bp.route("/models", methods=["POST"])
@permission_required("assessment.models_manage")
def cycle_create():
    form = CycleForm()
    if form.validate_on_submit():
        with refusals_flashed(USER_ERRORS):
            c = mc.create_cycle(current_user, form.kind.data, form.year.data, form.number.data)
            flash(f"已创建{c.label}服务标兵评选。", "success")
            return redirect(url_for(".cycle", cycle_id=c.id))
    cycles = db.session.scalars(db.select(ModelCycle).order_by(ModelCycle.id.desc())).all()
    return render_template("assessment/models.html", cycles=cycles, form=form, labels=mc.CYCLE_LABELS), 400


def _appeal_form(c, form=None):
    form = form or CycleAppealForm()
    form.nomination_id.choices = [("", "（整体评选结果）")] + [
        (str(n.id), f"{n.staff_name}（{n.window_name}，{'当选' if n.selected else '未当选'}）")
        for n in c.nominations if not n.withdrawn]
    return form


def _render_cycle(c, nominate_form=None, status=200, appeal_form=None):
    if nominate_form is None:
        nominate_form = NominateForm()
    nominate_form.staff_id.choices = [(s.id, s.name) for s in mc.candidates_on_duty(c)] if c.status == mc.NOMINATING else []
    active = [n for n in c.nominations if not n.withdrawn]
    preview = mc.results(c) if c.status == mc.SCORING else None
    return render_template(
        "assessment/cycle.html", c=c, labels=mc.CYCLE_LABELS, nominate_form=nominate_form, active=active,
        voted=mc.has_voted(current_user, c), voters=mc.voters(c), choices=mc.choices_allowed(c), preview=preview,
        rules=mc.rules_for(c), scores_form=ScoresForm(), appeals=modelappeals.cycle_appeals(c),
        appeal_open=modelappeals.appeal_open(c), appeal_form=_appeal_form(c, appeal_form), decide_form=CycleDecideForm(),
    ), status


@bp.route("/models/<int:cycle_id>")
@permission_required("assessment.view")
def cycle(cycle_id):
    return _render_cycle(db.get_or_404(ModelCycle, cycle_id))


@bp.route("/models/<int:cycle_id>/nominate", methods=["POST"])
@permission_required("assessment.nominate")
def nominate(cycle_id):
    c = db.get_or_404(ModelCycle, cycle_id)
    form = NominateForm()
    form.staff_id.choices = [(s.id, s.name) for s in mc.candidates_on_duty(c)]
    if form.validate_on_submit():
        with refusals_flashed(USER_ERRORS):
            n = mc.nominate(current_user, c, form.staff_id.data, form.reason.data)
            flash(f"已提名 {n.staff_name}。", "success")
            return redirect(url_for(".cycle", cycle_id=c.id))
    return _render_cycle(c, nominate_form=form, status=400)


@bp.route("/models/<int:cycle_id>/vote", methods=["POST"])
@permission_required("assessment.vote")
def vote(cycle_id):
    c = db.get_or_404(ModelCycle, cycle_id)
    with refusals_flashed(USER_ERRORS):
        ids = [int(x) for x in request.form.getlist("nomination_id") if x.isdigit()]
        mc.vote(current_user, c, ids)
        flash("投票成功。您的选择不与您的姓名关联保存。", "success")
    return redirect(url_for(".cycle", cycle_id=c.id))


@bp.route("/models/<int:cycle_id>/advance", methods=["POST"])
@permission_required("assessment.models_manage")
def cycle_advance(cycle_id):
    c = db.get_or_404(ModelCycle, cycle_id)
    with refusals_flashed(USER_ERRORS):
        mc.advance(current_user, c, request.form.get("to", ""), request.form.get("row_version"))
        flash(f"已进入“{mc.CYCLE_LABELS[c.status]}”阶段。", "success")
    return redirect(url_for(".cycle", cycle_id=c.id))


@bp.route("/nominations/<int:nomination_id>/scores", methods=["POST"])
@permission_required("assessment.models_manage")
def nomination_scores(nomination_id):
    n = db.get_or_404(Nomination, nomination_id)
    form = ScoresForm()
    if form.validate_on_submit():
        with refusals_flashed(USER_ERRORS):
            mc.set_scores(current_user, n, form.leader_score.data, form.public_score.data, form.row_version.data)
            flash(f"已录入 {n.staff_name} 的评价分。", "success")
    else:
        flash("评价分应为 0 到 100 之间的数字。", "danger")
    return redirect(url_for(".cycle", cycle_id=n.cycle_id))


@bp.route("/nominations/<int:nomination_id>/withdraw", methods=["POST"])
@permission_required("assessment.models_manage")
def nomination_withdraw(nomination_id):
    n = db.get_or_404(Nomination, nomination_id)
    with refusals_flashed(USER_ERRORS):
        mc.withdraw_nomination(current_user, n, request.form.get("reason", ""))
        flash(f"已撤回对 {n.staff_name} 的提名。", "success")
    return redirect(url_for(".cycle", cycle_id=n.cycle_id))


@bp.route("/models/<int:cycle_id>/appeal", methods=["POST"])
@permission_required("assessment.appeal")
def cycle_appeal(cycle_id):
    c = db.get_or_404(ModelCycle, cycle_id)
    form = _appeal_form(c, CycleAppealForm())
    if form.validate_on_submit():
        with refusals_flashed(USER_ERRORS):
            modelappeals.lodge_cycle_appeal(current_user, c, form.reasons.data, form.nomination_id.data or None)
            flash("申诉已提交，督查科将核实并在复核后答复。", "success")
            return redirect(url_for(".cycle", cycle_id=c.id))
    return _render_cycle(c, appeal_form=form, status=400)


@bp.route("/model-appeals/<int:appeal_id>/decide", methods=["POST"])
@permission_required("assessment.decide_appeal")
def decide_cycle_appeal(appeal_id):
    a = db.get_or_404(Appeal, appeal_id)
    if a.cycle_id is None:
        abort(404)
    form = CycleDecideForm()
    if form.validate_on_submit():
        with refusals_flashed(USER_ERRORS):
            modelappeals.decide_cycle_appeal(current_user, a, form.outcome.data == "upheld", form.decision.data,
                                             form.row_version.data)
            flash("复核结论已记录。", "success")
    else:
        flash("请选择复核结论并填写复核意见。", "danger")
    return redirect(url_for(".cycle", cycle_id=a.cycle_id))


@bp.route("/models/<int:cycle_id>/results.docx")
@permission_required("assessment.view")
def cycle_results_docx(cycle_id):
    c = db.get_or_404(ModelCycle, cycle_id)
    if c.status not in (mc.PUBLICITY, mc.FINAL):
        abort(404)
    stream = publish.cycle_results(c, current_app.config["CENTER_NAME"], local_today())
    return send_file(stream, mimetype=DOCX, as_attachment=True, download_name=f"{c.label}服务标兵评选结果.docx")


@bp.route("/nominations/<int:nomination_id>/certificate.docx")
@permission_required("assessment.view")
def certificate(nomination_id):
    n = db.get_or_404(Nomination, nomination_id)
    if not n.selected or n.cycle.status != mc.FINAL:
        abort(404)
    stream = publish.certificate(n, current_app.config["CENTER_NAME"], local_today())
    return send_file(stream, mimetype=DOCX, as_attachment=True, download_name=f"服务标兵证书-{n.staff_name}.docx")


# ---------------------------------------------------------------------- the year (SF-ZD-018 第五条)
@bp.route("/models/year/<int:year>")
@permission_required("assessment.view")
def models_year(year):
    if not 2000 <= year <= 2100:
        abort(404)
    from . import modelyear

    return render_template("assessment/models_year.html", v=modelyear.year_view(year, local_today()),
                           labels=mc.CYCLE_LABELS)


@bp.route("/models/year/<int:year>/certificate/<int:staff_id>.docx")
@permission_required("assessment.view")
def annual_certificate(year, staff_id):
    from . import modelyear

    if not 2000 <= year <= 2100:
        abort(404)
    v = modelyear.year_view(year, local_today())
    row = next((r for r in v.selected if r.staff_id == staff_id), None)
    if row is None or not v.decided:
        abort(404)
    stream = publish.annual_certificate(row.name, row.window_name, year, row.periods, current_app.config["CENTER_NAME"],
                                        local_today())
    return send_file(stream, mimetype=DOCX, as_attachment=True, download_name=f"{year}年度服务标兵证书-{row.name}.docx")
