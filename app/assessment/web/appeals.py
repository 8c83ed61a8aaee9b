"""申诉 against a month sheet during its 公示, and the 复核."""

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...flashing import refusals_flashed
from ..models import Appeal, ScoreSheet
from ..queries import months as q
from ..services import monthflow
from .common import REFUSALS, render_sheet
from .forms import AppealForm, DecideAppealForm


@permission_required("assessment.appeal")
def appeal(sheet_id):
    s = q.get_or_404(ScoreSheet, sheet_id)
    form = AppealForm()
    form.entry_id.choices = [("", "")] + [(str(e.id), "") for e in s.entries]
    if form.validate_on_submit():
        with refusals_flashed(REFUSALS):
            monthflow.lodge_appeal(
                current_user, s, form.reasons.data, int(form.entry_id.data) if form.entry_id.data else None
            )
            flash("申诉已提交，督查科将在复核后书面答复。", "success")
            return redirect(url_for(".sheet", sheet_id=sheet_id))
    return render_sheet(s, appeal_form=form, status=400)


@permission_required("assessment.decide_appeal")
def decide_appeal(appeal_id):
    a = q.get_or_404(Appeal, appeal_id)
    if a.sheet_id is None:  # a 服务标兵 appeal: decided at exemplars.decide_cycle_appeal
        abort(404)
    sheet_id = a.sheet_id
    form = DecideAppealForm()
    if form.validate_on_submit():
        with refusals_flashed(REFUSALS):
            monthflow.decide_appeal(
                current_user, a, form.outcome.data == "upheld", form.decision.data, form.row_version.data
            )
            flash("复核结论已记录。", "success")
    else:
        flash("请选择复核结论并填写复核意见。", "danger")
    return redirect(url_for(".sheet", sheet_id=sheet_id))
