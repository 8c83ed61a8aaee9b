"""Months, score sheets and the month's workflow. Thin: parse, call a service, flash, redirect.
Ranking, charts, exports and schemes are in views_publish.py; service models in views_models.py."""
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from ..auth.permissions import permission_required
from ..core.timeutil import local_today
from ..extensions import db
from ..flashing import refusals_flashed
from . import bp, monthflow, services, sources
from . import workflow as wf
from .errors import USER_ERRORS
from .forms import AppealForm, DecideAppealForm, EntryForm, LockForm, OpenMonthForm, ReasonForm
from .models import PROPOSED, Appeal, ScoreEntry, ScoreSheet


def _month_or_404(year, month):
    m = services.get_month(year, month) if 1 <= month <= 12 else None
    if m is None:
        abort(404)
    return m


@bp.route("/")
@permission_required("assessment.view")
def index():
    form = OpenMonthForm(year=local_today().year, month=local_today().month)
    return render_template("assessment/index.html", months=services.months_desc(36), form=form, wf=wf)


@bp.route("/months", methods=["POST"])
@permission_required("assessment.score")
def open_month():
    form = OpenMonthForm()
    if form.validate_on_submit():
        try:
            m = services.open_month(current_user, form.year.data, form.month.data)
            flash(f"已开启{m.label}考核，共 {len(m.sheets)} 个窗口。", "success")
            return redirect(url_for(".month", year=m.year, month=m.month))
        except USER_ERRORS as exc:
            flash(str(exc), "danger")
    return render_template("assessment/index.html", months=services.months_desc(36), form=form, wf=wf), 200


@bp.route("/<int:year>/<int:month>")
@permission_required("assessment.view")
def month(year, month):
    m = _month_or_404(year, month)
    return _render_month(m)


def _render_month(m, lock_form=None, reason_form=None, status=200):
    appeals = db.session.scalars(db.select(Appeal).join(ScoreSheet).where(ScoreSheet.month_id == m.id)
                                 .order_by(Appeal.id.desc())).all()
    pending = {sid: n for sid, n in db.session.execute(
        db.select(ScoreEntry.sheet_id, db.func.count(ScoreEntry.id)).join(ScoreSheet)
        .where(ScoreSheet.month_id == m.id, ScoreEntry.status == PROPOSED).group_by(ScoreEntry.sheet_id)).all()}
    return render_template(
        "assessment/month.html", m=m, wf=wf, appeals=appeals, pending=pending,
        lock_form=lock_form or LockForm(row_version=m.row_version),
        reason_form=reason_form or ReasonForm(row_version=m.row_version),
        finalise_blocker=wf.can_finalise(m.status, m.publicity_end, local_today(), monthflow.pending_appeals(m)),
    ), status


@bp.route("/<int:year>/<int:month>/<action>", methods=["POST"])
@permission_required("assessment.score")
def month_action(year, month, action):
    """submit (evaluators); the other steps have their own routes and permissions."""
    m = _month_or_404(year, month)
    if action != "submit":
        abort(404)
    try:
        monthflow.submit(current_user, m, request.form.get("row_version"))
        flash(f"{m.label}考核已提交审核。", "success")
    except USER_ERRORS as exc:
        flash(str(exc), "danger")
    return redirect(url_for(".month", year=year, month=month))


@bp.route("/<int:year>/<int:month>/review", methods=["POST"])
@permission_required("assessment.lock")
def review(year, month):
    """lock (with the password signature), return for changes, or make final."""
    m = _month_or_404(year, month)
    step = request.form.get("step", "")
    try:
        if step == "lock":
            form = LockForm()
            if not form.validate_on_submit():
                return _render_month(m, lock_form=form, status=400)
            monthflow.lock(current_user, m, form.password.data, form.row_version.data)
            flash(f"{m.label}考核已审核锁定，公示至{m.publicity_end.year}年{m.publicity_end.month}月{m.publicity_end.day}日。", "success")
        elif step == "return":
            form = ReasonForm()
            if not form.validate_on_submit():
                return _render_month(m, reason_form=form, status=400)
            monthflow.send_back(current_user, m, form.reason.data, form.row_version.data)
            flash("已退回评分员修改。", "success")
        elif step == "finalise":
            monthflow.finalise(current_user, m, request.form.get("row_version"))
            flash(f"{m.label}考核结果已定稿，流动红旗已授予。", "success")
        else:
            flash("请选择审核操作。", "warning")
    except USER_ERRORS as exc:
        flash(str(exc), "danger")
    return redirect(url_for(".month", year=year, month=month))


@bp.route("/<int:year>/<int:month>/reopen", methods=["POST"])
@permission_required("assessment.reopen")
def reopen(year, month):
    m = _month_or_404(year, month)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _render_month(m, reason_form=form, status=400)
    try:
        monthflow.reopen(current_user, m, form.reason.data, form.row_version.data)
        flash(f"{m.label}考核已重新开放，原因已记入审计追踪。", "success")
    except USER_ERRORS as exc:
        flash(str(exc), "danger")
    return redirect(url_for(".month", year=year, month=month))


# ---------------------------------------------------------------------- sheets
def _entry_form(sheet, formdata=None):
    scheme = services.scheme_of(sheet.month)
    # On a POST the version comes from the form only: a default here would fill in the current
    # version when the field is missing and let a blind save through.
    form = EntryForm(formdata=formdata) if formdata is not None else EntryForm(row_version=sheet.row_version)
    choices = []
    for cat in scheme.categories:
        choices += [(i.code, f"{cat.name}｜{i.code} {i.name}（{i.points_text()}）") for i in cat.items]
    choices += [(i.code, f"加分｜{i.code} {i.name}（{i.points_text('+')}）") for i in scheme.bonus_items]
    choices += [(v.code, f"一票否决｜{v.code} {v.name}") for v in scheme.veto_items]
    form.item_code.choices = [("", "— 请选择 —")] + choices
    staff = sources.window_staff(sheet.window_id, sheet.month.year)
    form.staff_id.choices = [("", "（窗口，不涉及个人）")] + [(str(s.id), s.name + ("（首席代表）" if s.is_chief_rep else "")) for s in staff]
    return form, {str(s.id): s.name for s in staff}


def _render_sheet(sheet, form=None, appeal_form=None, status=200):
    if form is None:
        form, _ = _entry_form(sheet)
    if appeal_form is None:
        appeal_form = AppealForm()
    appeal_form.entry_id.choices = [("", "（整张评分表）")] + [
        (str(e.id), f"{e.item_name} ×{e.count:g}（{e.note[:20]}）") for e in sheet.entries if e.status == "accepted"]
    appeals = db.session.scalars(db.select(Appeal).filter_by(sheet_id=sheet.id).order_by(Appeal.id)).all()
    m = sheet.month
    return render_template(
        "assessment/sheet.html", sheet=sheet, m=m, res=services.result(sheet), form=form, wf=wf,
        scheme=services.scheme_of(m), editable=m.status in (wf.OPEN, wf.SCORING), appeals=appeals,
        appeal_form=appeal_form, decide_form=DecideAppealForm(), reason_form=ReasonForm(row_version=sheet.row_version),
        appeal_open=wf.appeal_open(m.status, m.publicity_end, local_today()),
    ), status


@bp.route("/sheets/<int:sheet_id>")
@permission_required("assessment.view")
def sheet(sheet_id):
    return _render_sheet(db.get_or_404(ScoreSheet, sheet_id))


@bp.route("/sheets/<int:sheet_id>/entries", methods=["POST"])
@permission_required("assessment.score")
def add_entry(sheet_id):
    s = db.get_or_404(ScoreSheet, sheet_id)
    form, names = _entry_form(s, request.form)
    if form.validate_on_submit():
        try:
            staff_id = int(form.staff_id.data) if form.staff_id.data else None
            services.add_entry(current_user, s, form.row_version.data, form.item_code.data, float(form.count.data),
                               float(form.points.data) if form.points.data is not None else None, form.occurred_on.data,
                               form.note.data, form.article.data, staff_id, names.get(form.staff_id.data or "", ""),
                               request.files.get("attachment"))
            flash("已记入评分表。", "success")
            return redirect(url_for(".sheet", sheet_id=s.id))
        except USER_ERRORS as exc:
            db.session.rollback()
            # Re-show what was typed with the sheet's current version: the refused entry can be
            # checked against the other evaluator's changes and saved again deliberately.
            form.row_version.data = s.row_version
            flash(str(exc), "danger")
    return _render_sheet(s, form=form, status=400 if request.form else 200)


@bp.route("/entries/<int:entry_id>/<action>", methods=["POST"])
@permission_required("assessment.score")
def entry_action(entry_id, action):
    """accept / reject a proposal, or void an entry (reasons required where stated)."""
    e = db.get_or_404(ScoreEntry, entry_id)
    if action not in ("accept", "reject", "void"):
        abort(404)
    with refusals_flashed(USER_ERRORS):
        if action == "void":
            services.void_entry(current_user, e, request.form.get("reason", ""), request.form.get("row_version"))
            flash("该记录已作废。", "success")
        else:
            services.decide_proposal(current_user, e, action == "accept", request.form.get("reason", ""),
                                     request.form.get("row_version"))
            flash("已采纳系统建议。" if action == "accept" else "已驳回系统建议。", "success")
    return redirect(url_for(".sheet", sheet_id=e.sheet_id))


@bp.route("/sheets/<int:sheet_id>/propose", methods=["POST"])
@permission_required("assessment.score")
def propose(sheet_id):
    s = db.get_or_404(ScoreSheet, sheet_id)
    with refusals_flashed(USER_ERRORS):
        n = services.propose(current_user, s, request.form.get("row_version"))
        flash(f"已从业务记录生成 {n} 条建议，请逐条采纳或驳回。" if n else "业务记录中没有新的扣分、加分建议。", "success")
    return redirect(url_for(".sheet", sheet_id=s.id))


@bp.route("/entries/<int:entry_id>/attachment")
@permission_required("assessment.view")
def attachment(entry_id):
    e = db.get_or_404(ScoreEntry, entry_id)
    path = services.attachment_path(e)
    if not path:
        abort(404)
    try:
        return send_file(path, as_attachment=True, download_name=e.attachment_name or "附件")
    except FileNotFoundError:
        abort(404)


# ---------------------------------------------------------------------- appeals
@bp.route("/sheets/<int:sheet_id>/appeal", methods=["POST"])
@permission_required("assessment.appeal")
def appeal(sheet_id):
    s = db.get_or_404(ScoreSheet, sheet_id)
    form = AppealForm()
    form.entry_id.choices = [("", "")] + [(str(e.id), "") for e in s.entries]
    if form.validate_on_submit():
        with refusals_flashed(USER_ERRORS):
            monthflow.lodge_appeal(current_user, s, form.reasons.data, int(form.entry_id.data) if form.entry_id.data else None)
            flash("申诉已提交，督查科将在复核后书面答复。", "success")
            return redirect(url_for(".sheet", sheet_id=s.id))
    return _render_sheet(s, appeal_form=form, status=400)


@bp.route("/appeals/<int:appeal_id>/decide", methods=["POST"])
@permission_required("assessment.decide_appeal")
def decide_appeal(appeal_id):
    a = db.get_or_404(Appeal, appeal_id)
    if a.sheet_id is None:  # a 服务标兵 appeal: decided at views_models.decide_cycle_appeal
        abort(404)
    form = DecideAppealForm()
    if form.validate_on_submit():
        with refusals_flashed(USER_ERRORS):
            monthflow.decide_appeal(current_user, a, form.outcome.data == "upheld", form.decision.data, form.row_version.data)
            flash("复核结论已记录。", "success")
    else:
        flash("请选择复核结论并填写复核意见。", "danger")
    return redirect(url_for(".sheet", sheet_id=a.sheet_id))


@bp.app_template_filter("pts")
def _pts(value):
    return "" if value is None else f"{float(value):g}"


from . import views_models, views_publish  # noqa: E402,F401  (routes register on import)
