"""Every person's own page: changing their password (required after a reset or a first sign-in)."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ...flashing import refusals_flashed
from ..forms import PasswordChangeForm
from ..permissions import permission_required
from ..services import AccountError, change_own_password
from .common import start_session


@permission_required("account.view")
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        with refusals_flashed(AccountError):
            user = change_own_password(
                current_user._get_current_object(), form.current.data, form.new.data, form.confirm.data
            )
            start_session(user)  # every other session of the person has ended; this one starts afresh
            flash("密码已修改，您在其他地方的登录已全部失效。", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form, forced=current_user.must_change_password)
