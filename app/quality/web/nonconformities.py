"""不合格与纠正措施 pages: the register, a new record, one record with its steps."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ...documents.logic.lifecycle import STATUS_LABELS
from ...documents.services import DocumentError
from ...flashing import refusals_flashed
from ...procedures.logic.iso import CLAUSES
from ...records.queries import active_windows
from .. import queries
from ..logic import vocab
from ..models import Nonconformity
from ..services import nonconformities as svc
from .common import NC_FIELDS, REFUSALS, posted, users_for_select


def _nc_or_404(nc_id: int) -> Nonconformity:
    return queries.get_or_404(Nonconformity, nc_id)


@permission_required("quality.view")
def nc_list():
    page = queries.nc_page(
        page=request.args.get("page", 1, type=int),
        state=request.args.get("state", ""),
        source=request.args.get("source", ""),
        q=request.args.get("q", ""),
        window_id=request.args.get("window", type=int),
    )
    steps = queries.current_steps([n.id for n in page.items])
    return render_template("quality/nc_list.html", page=page, steps=steps, v=vocab, today=local_today())


@permission_required("quality.manage")
def nc_new():
    if request.method == "POST" and request.form.get("title"):
        with refusals_flashed(REFUSALS):
            nc = svc.open_nc(current_user, **posted(**NC_FIELDS))
            flash(f"已登记不合格 {nc.number}。", "success")
            return redirect(url_for("quality.nc_detail", nc_id=nc.id))
    return _nc_new_page()


def _nc_new_page():
    windows = active_windows(local_today())
    return render_template("quality/nc_new.html", v=vocab, windows=windows, users=users_for_select(), form=request.form)


@permission_required("quality.view")
def nc_detail(nc_id):
    nc = _nc_or_404(nc_id)
    return render_template(
        "quality/nc_detail.html",
        nc=nc,
        v=vocab,
        step=svc.current_step(nc),
        may_work=svc.may_work(current_user, nc),
        similar=queries.similar_ncs(nc),
        users=users_for_select(),
        clauses=CLAUSES,
        today=local_today(),
        recurrence=_recurrence(nc),
        doc_status=STATUS_LABELS,
    )


def _recurrence(nc):
    if nc.state != "effectiveness" or nc.verified_on is None:
        return None
    today = local_today()
    return queries.recurrences(nc, nc.verified_on, today, today)


@permission_required("quality.act")
def nc_step(nc_id):
    nc = _nc_or_404(nc_id)
    f = request.form
    with refusals_flashed(REFUSALS):
        svc.complete_step(current_user, nc, f.get("step", ""), f.to_dict(), row_version=f.get("row_version"))
        flash("已办理本步骤，进入下一步。", "success")
    return redirect(url_for("quality.nc_detail", nc_id=nc_id))


@permission_required("quality.manage")
def nc_effectiveness(nc_id):
    nc = _nc_or_404(nc_id)
    with refusals_flashed(REFUSALS):
        svc.evaluate_effectiveness(current_user, nc, request.form.get("note", ""), request.form.get("row_version"))
        if nc.effective:
            flash("有效性评价通过，待关闭。", "success")
        else:
            flash(f"记录显示问题复发 {nc.recurrences} 次：已退回原因分析。", "warning")
    return redirect(url_for("quality.nc_detail", nc_id=nc_id))


@permission_required("quality.close")
def nc_close(nc_id):
    nc = _nc_or_404(nc_id)
    fields = posted(("password", "comment"))
    with refusals_flashed(REFUSALS):
        svc.close(current_user, nc, **fields, row_version=request.form.get("row_version"))
        flash(f"{nc.number} 已签名关闭。", "success")
    return redirect(url_for("quality.nc_detail", nc_id=nc_id))


@permission_required("quality.manage")
def nc_void(nc_id):
    nc = _nc_or_404(nc_id)
    with refusals_flashed(REFUSALS):
        svc.void(current_user, nc, request.form.get("reason", ""), row_version=request.form.get("row_version"))
        flash(f"{nc.number} 已作废。", "success")
    return redirect(url_for("quality.nc_detail", nc_id=nc_id))


@permission_required("quality.act")
def nc_revise(nc_id):
    nc = _nc_or_404(nc_id)
    with refusals_flashed(REFUSALS, DocumentError):
        nc = svc.open_revision(
            current_user,
            nc,
            request.form.get("document_number", "").strip(),
            link=url_for("quality.nc_detail", nc_id=nc_id),
        )
        flash(f"已起草 {nc.revision.document.number} {nc.revision.revision}，修订原因关联 {nc.number}。", "success")
        return redirect(url_for("documents.version", version_id=nc.revision_version_id))
    return redirect(url_for("quality.nc_detail", nc_id=nc_id))
