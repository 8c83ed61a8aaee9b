"""Proposed nonconformities: scan the records, accept or reject each with a reason."""

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ...flashing import refusals_flashed
from .. import queries
from ..logic import vocab
from ..models import NcProposal
from ..services import proposals as svc
from .common import REFUSALS, form_int, users_for_select


@permission_required("quality.view")
def proposals():
    return render_template(
        "quality/proposals.html", items=queries.pending_proposals(), v=vocab, users=users_for_select()
    )


@permission_required("quality.manage")
def proposals_scan():
    today = local_today()
    with refusals_flashed(REFUSALS):
        new = svc.scan(current_user, date(today.year - 1, today.month, 1), today)
        flash(f"已从记录中生成 {len(new)} 条新的不合格建议。", "success")
    return redirect(url_for("quality.proposals"))


@permission_required("quality.manage")
def proposal_decide(proposal_id):
    p = queries.get_or_404(NcProposal, proposal_id)
    reason, version = request.form.get("reason", ""), request.form.get("row_version")
    with refusals_flashed(REFUSALS):
        if request.form.get("decision") == "accept":
            nc = svc.accept(current_user, p, reason, owner_id=form_int("owner_id"), row_version=version)
            flash(f"已采纳，登记为不合格 {nc.number}。", "success")
            return redirect(url_for("quality.nc_detail", nc_id=nc.id))
        svc.reject(current_user, p, reason, row_version=version)
        flash("已不采纳，理由已记录。", "success")
    return redirect(url_for("quality.proposals"))
