"""Score sheets: the sheet page, entries (add, void), proposals from the records (make, accept,
reject) and the evidence attachment of an entry."""

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...downloads import download
from ...flashing import refusals_flashed
from ...kernel import PermissionDenied
from ..models import ScoreEntry, ScoreSheet
from ..queries import months as q
from ..services import sheets
from .common import REFUSALS, entry_form, render_sheet


@permission_required("assessment.view")
def sheet(sheet_id):
    return render_sheet(q.get_or_404(ScoreSheet, sheet_id))


@permission_required("assessment.score")
def add_entry(sheet_id):
    s = q.get_or_404(ScoreSheet, sheet_id)
    form, names = entry_form(s, request.form)
    if form.validate_on_submit():
        with refusals_flashed(REFUSALS):
            sheets.add_entry(current_user, s, form.row_version.data, **form.entry(names))
            flash("已记入评分表。", "success")
            return redirect(url_for(".sheet", sheet_id=s.id))
        # Re-show what was typed with the sheet's current version: the refused entry can be
        # checked against the other evaluator's changes and saved again deliberately.
        form.row_version.data = s.row_version
    return render_sheet(s, form=form, status=400 if request.form else 200)


_ENTRY_DONE = {"void": "该记录已作废。", "accept": "已采纳系统建议。", "reject": "已驳回系统建议。"}


@permission_required("assessment.score")
def entry_action(entry_id, action):
    """accept / reject a proposal, or void an entry (reasons required where stated)."""
    e = q.get_or_404(ScoreEntry, entry_id)
    if action not in ("accept", "reject", "void"):
        abort(404)
    sheet_id, reason, version = e.sheet_id, request.form.get("reason", ""), request.form.get("row_version")
    with refusals_flashed(REFUSALS):
        if action == "void":
            sheets.void_entry(current_user, e, reason, version)
        else:
            sheets.decide_proposal(current_user, e, action == "accept", reason, version)
        flash(_ENTRY_DONE[action], "success")
    return redirect(url_for(".sheet", sheet_id=sheet_id))


@permission_required("assessment.score")
def propose(sheet_id):
    s = q.get_or_404(ScoreSheet, sheet_id)
    with refusals_flashed(REFUSALS):
        n = sheets.propose(current_user, s, request.form.get("row_version"))
        flash(
            f"已从业务记录生成 {n} 条建议，请逐条采纳或驳回。" if n else "业务记录中没有新的扣分、加分建议。", "success"
        )
    return redirect(url_for(".sheet", sheet_id=sheet_id))


@permission_required("assessment.evidence")
def attachment(entry_id):
    """An entry's evidence file; window staff download only their own window's (issue 12)."""
    e = q.get_or_404(ScoreEntry, entry_id)
    try:
        path = sheets.evidence_path(current_user, e)
    except PermissionDenied:
        abort(403)
    if path is None:
        abort(404)
    return download(path, e.attachment_name or "附件")
