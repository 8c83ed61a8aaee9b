"""Hall devices (评价器, 排队叫号): register one with its window (the token is shown once), revoke."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ...flashing import refusals_flashed
from .. import queries
from ..models import Device
from ..services import devices as svc
from .common import REFUSALS, form_int


@permission_required("hall.manage")
def devices():
    return render_template(
        "hall/devices.html", rows=svc.devices(), kinds=svc.KINDS, windows=queries.windows(local_today())
    )


@permission_required("hall.manage")
def device_new():
    with refusals_flashed(REFUSALS):
        d, token = svc.register(
            current_user, request.form.get("name", ""), request.form.get("kind", ""), form_int("window_id") or 0
        )
        flash(f"已登记设备“{d.name}”。令牌只显示这一次，请立即配置到设备上：{token}", "success")
    return redirect(url_for("hall.devices"))


@permission_required("hall.manage")
def device_revoke(device_id):
    d = queries.get_or_404(Device, device_id)
    with refusals_flashed(REFUSALS):
        svc.revoke(current_user, d, request.form.get("reason", ""), request.form.get("row_version"))
        flash("已停用该设备的令牌。", "success")
    return redirect(url_for("hall.devices"))
