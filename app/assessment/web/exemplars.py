"""服务标兵 (exemplar) pages: cycles, nominations, the secret ballot, scores, appeals, results and
certificates."""

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from ...auth.permissions import permission_required
from ...centers.queries import current_center_name
from ...downloads import download
from ...flashing import refusals_flashed
from ..models import Appeal, ExemplarCycle, Nomination
from ..queries import exemplars as ex
from ..queries import months as q
from ..services import exemplar_appeals, exemplars, publish
from .common import REFUSALS, local_today
from .forms import CycleAppealForm, CycleDecideForm, CycleForm, NominateForm, ScoresForm


@permission_required("assessment.view")
def exemplars_index():
    form = CycleForm(year=local_today().year, number=local_today().month)
    return render_template("assessment/exemplars.html", cycles=ex.cycles_desc(), form=form, labels=ex.CYCLE_LABELS)


@permission_required("assessment.exemplars_manage")
def cycle_create():
    form = CycleForm()
    if form.validate_on_submit():
        with refusals_flashed(REFUSALS):
            c = exemplars.create_cycle(current_user, form.kind.data, form.year.data, form.number.data)
            flash(f"已创建{c.label}服务标兵评选。", "success")
            return redirect(url_for(".cycle", cycle_id=c.id))
    return render_template("assessment/exemplars.html", cycles=ex.cycles_desc(), form=form, labels=ex.CYCLE_LABELS), 400


def _appeal_form(c, form=None):
    form = form or CycleAppealForm()
    form.nomination_id.choices = [("", "（整体评选结果）")] + [
        (str(n.id), f"{n.staff_name}（{n.window_name}，{'当选' if n.selected else '未当选'}）")
        for n in c.nominations
        if not n.withdrawn
    ]
    return form


def _render_cycle(c, nominate_form=None, status=200, appeal_form=None):
    if nominate_form is None:
        nominate_form = NominateForm()
    nominate_form.staff_id.choices = ex.candidate_choices(c) if c.status == ex.NOMINATING else []
    active = [n for n in c.nominations if not n.withdrawn]
    preview = ex.results(c) if c.status == ex.SCORING else None
    return render_template(
        "assessment/cycle.html",
        c=c,
        labels=ex.CYCLE_LABELS,
        nominate_form=nominate_form,
        active=active,
        voted=ex.has_voted(current_user, c),
        voters=ex.voters(c),
        choices=ex.choices_allowed(c),
        preview=preview,
        rules=ex.rules_for(c),
        scores_form=ScoresForm(),
        appeals=ex.cycle_appeals(c),
        appeal_open=exemplar_appeals.appeal_open(c),
        appeal_form=_appeal_form(c, appeal_form),
        decide_form=CycleDecideForm(),
    ), status


@permission_required("assessment.view")
def cycle(cycle_id):
    return _render_cycle(q.get_or_404(ExemplarCycle, cycle_id))


@permission_required("assessment.nominate")
def nominate(cycle_id):
    c = q.get_or_404(ExemplarCycle, cycle_id)
    form = NominateForm()
    form.staff_id.choices = ex.candidate_choices(c)
    if form.validate_on_submit():
        with refusals_flashed(REFUSALS):
            n = exemplars.nominate(current_user, c, form.staff_id.data, form.reason.data)
            flash(f"已提名 {n.staff_name}。", "success")
            return redirect(url_for(".cycle", cycle_id=cycle_id))
    return _render_cycle(c, nominate_form=form, status=400)


@permission_required("assessment.vote")
def vote(cycle_id):
    c = q.get_or_404(ExemplarCycle, cycle_id)
    with refusals_flashed(REFUSALS):
        ids = [int(x) for x in request.form.getlist("nomination_id") if x.isdigit()]
        exemplars.vote(current_user, c, ids)
        flash("投票成功。您的选择不与您的姓名关联保存。", "success")
    return redirect(url_for(".cycle", cycle_id=cycle_id))


@permission_required("assessment.exemplars_manage")
def cycle_advance(cycle_id):
    c = q.get_or_404(ExemplarCycle, cycle_id)
    with refusals_flashed(REFUSALS):
        exemplars.advance(current_user, c, request.form.get("to", ""), request.form.get("row_version"))
        flash(f"已进入“{ex.CYCLE_LABELS[c.status]}”阶段。", "success")
    return redirect(url_for(".cycle", cycle_id=cycle_id))


@permission_required("assessment.exemplars_manage")
def nomination_scores(nomination_id):
    n = q.get_or_404(Nomination, nomination_id)
    cycle_id = n.cycle_id
    form = ScoresForm()
    if form.validate_on_submit():
        with refusals_flashed(REFUSALS):
            exemplars.set_scores(current_user, n, form.leader_score.data, form.public_score.data, form.row_version.data)
            flash(f"已录入 {n.staff_name} 的评价分。", "success")
    else:
        flash("评价分应为 0 到 100 之间的数字。", "danger")
    return redirect(url_for(".cycle", cycle_id=cycle_id))


@permission_required("assessment.exemplars_manage")
def nomination_withdraw(nomination_id):
    n = q.get_or_404(Nomination, nomination_id)
    cycle_id = n.cycle_id
    with refusals_flashed(REFUSALS):
        exemplars.withdraw_nomination(current_user, n, request.form.get("reason", ""))
        flash(f"已撤回对 {n.staff_name} 的提名。", "success")
    return redirect(url_for(".cycle", cycle_id=cycle_id))


@permission_required("assessment.appeal")
def cycle_appeal(cycle_id):
    c = q.get_or_404(ExemplarCycle, cycle_id)
    form = _appeal_form(c, CycleAppealForm())
    if form.validate_on_submit():
        with refusals_flashed(REFUSALS):
            exemplar_appeals.lodge_cycle_appeal(current_user, c, form.reasons.data, form.nomination_id.data or None)
            flash("申诉已提交，督查科将核实并在复核后答复。", "success")
            return redirect(url_for(".cycle", cycle_id=cycle_id))
    return _render_cycle(c, appeal_form=form, status=400)


@permission_required("assessment.decide_appeal")
def decide_cycle_appeal(appeal_id):
    a = q.get_or_404(Appeal, appeal_id)
    if a.cycle_id is None:
        abort(404)
    cycle_id = a.cycle_id
    form = CycleDecideForm()
    if form.validate_on_submit():
        with refusals_flashed(REFUSALS):
            exemplar_appeals.decide_cycle_appeal(
                current_user, a, form.outcome.data == "upheld", form.decision.data, form.row_version.data
            )
            flash("复核结论已记录。", "success")
    else:
        flash("请选择复核结论并填写复核意见。", "danger")
    return redirect(url_for(".cycle", cycle_id=cycle_id))


@permission_required("assessment.view")
def cycle_results_docx(cycle_id):
    c = q.get_or_404(ExemplarCycle, cycle_id)
    if c.status not in (ex.PUBLICITY, ex.FINAL):
        abort(404)
    stream = publish.cycle_results(c, current_center_name(), local_today())
    return download(stream, f"{c.label}服务标兵评选结果.docx")


@permission_required("assessment.view")
def certificate(nomination_id):
    n = q.get_or_404(Nomination, nomination_id)
    if not n.selected or n.cycle.status != ex.FINAL:
        abort(404)
    stream = publish.certificate(n, current_center_name(), local_today())
    return download(stream, f"服务标兵证书-{n.staff_name}.docx")
