"""首问负责: record a visitor's matter in two clicks, hand it over, confirm, answer, make a case."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...auth.privacy import log_access
from ...core.timeutil import local_today
from ...flashing import refusals_flashed
from ...records.models import ServiceItem
from .. import queries
from ..logic import first_contact as rules
from ..models import FirstContact
from ..services import first_contact as svc
from ..services.common import may_act_for, own_window
from .common import REFUSALS, form_int


@permission_required("hall.view")
def contacts():
    today = local_today()
    status = request.args.get("status") if request.args.get("status") in rules.STATUS_LABELS else None
    rows = queries.contacts(status=status, shirked=request.args.get("shirked") == "1")
    log_access(current_user, "pd_list", "hall_first_contacts", rows, {"path": request.full_path})
    return render_template(
        "hall/contacts.html",
        rows=rows,
        status=status,
        labels=rules.STATUS_LABELS,
        windows=queries.windows(today),
        mine=own_window(current_user, today),
        waiting=queries.waiting_handovers(today),
        typed=session.pop("hall_contact_form", None),
    )


@permission_required("hall.desk")
def contact_new():
    with refusals_flashed(REFUSALS):
        c = svc.record_contact(
            current_user,
            request.form.get("visitor", ""),
            request.form.get("matter", ""),
            window_id=form_int("window_id"),
            visitor_phone=request.form.get("visitor_phone", ""),
        )
        flash(f"已登记首问 {c.number}，本窗口为首问责任窗口。", "success")
        return redirect(url_for("hall.contact", contact_id=c.id))
    # refused: the page the form was on shows it again with what was typed
    session["hall_contact_form"] = {
        k: request.form.get(k, "")[:300] for k in ("visitor", "matter", "visitor_phone", "window_id")
    }
    return redirect(request.referrer or url_for("hall.contacts"))


@permission_required("hall.view")
def contact(contact_id):
    c = queries.get_or_404(FirstContact, contact_id)
    today = local_today()
    pending = svc.pending_handover(c)
    log_access(current_user, "pd_read", "hall_first_contacts", [c])  # personal data shown unmasked is logged
    return render_template(
        "hall/contact.html",
        c=c,
        labels=rules.STATUS_LABELS,
        windows=queries.windows(today),
        items=queries.items(),
        pending=pending,
        may_own=may_act_for(current_user, c.window_id, today),
        may_confirm=pending is not None and may_act_for(current_user, pending.to_window_id, today),
        confirm_due=rules.confirm_due(pending.handed_on) if pending else None,
    )


def _contact_or_404(contact_id):
    return queries.get_or_404(FirstContact, contact_id)


@permission_required("hall.desk")
def contact_handover(contact_id):
    c = _contact_or_404(contact_id)
    with refusals_flashed(REFUSALS):
        to = form_int("to_window_id")
        svc.hand_over(current_user, c, to or 0, request.form.get("reason", ""), request.form.get("row_version"))
        flash(
            "已转交，等待接收窗口确认。" + ("该事项已第二次转交仍未答复，已记为推诿。" if c.shirked_on else ""),
            "warning" if c.shirked_on else "success",
        )
    return redirect(url_for("hall.contact", contact_id=contact_id))


@permission_required("hall.desk")
def contact_confirm(contact_id):
    c = _contact_or_404(contact_id)
    with refusals_flashed(REFUSALS):
        svc.confirm(current_user, c, request.form.get("row_version"))
        flash("已确认接收，本窗口现为该事项的责任窗口。", "success")
    return redirect(url_for("hall.contact", contact_id=contact_id))


@permission_required("hall.desk")
def contact_answer(contact_id):
    c = _contact_or_404(contact_id)
    with refusals_flashed(REFUSALS):
        svc.answer(current_user, c, request.form.get("answer", ""), request.form.get("row_version"))
        flash("已答复，首问事项办结。", "success")
    return redirect(url_for("hall.contact", contact_id=contact_id))


@permission_required("hall.desk")
def contact_to_case(contact_id):
    c = _contact_or_404(contact_id)
    item_id = form_int("item_id")
    item = queries.get_or_404(ServiceItem, item_id) if item_id else None
    with refusals_flashed(REFUSALS):
        case = svc.to_case(
            current_user, c, item, request.form.get("row_version"), request.form.get("applicant_phone", "")
        )
        flash(f"已收件，办件编号 {case.number}。", "success")
        return redirect(url_for("hall.case", case_id=case.id))
    return redirect(url_for("hall.contact", contact_id=contact_id))
