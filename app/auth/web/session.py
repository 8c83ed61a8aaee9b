"""Signing in and out."""
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from ...audit.services import record
from ..forms import LoginForm
from ..permissions import permission_required
from ..services import AuthError, authenticate


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/"):
        return target
    return url_for("main.index")


def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(
                form.username.data.strip(),
                form.password.data,
                current_app.config["LOGIN_MAX_FAILURES"],
                current_app.config["LOGIN_LOCK_MINUTES"],
            )
        except AuthError as exc:
            flash(str(exc), "danger")  # the refusal is audited: the request commits its entry
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@permission_required("account.view")
def logout():
    record(current_user, "logout", "user", current_user.id, {})
    logout_user()
    flash("已退出登录。", "info")
    return redirect(url_for("auth.login"))
