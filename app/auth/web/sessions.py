"""Signing in and out, and the check every request makes of its session (revocation, idle timeout,
absolute lifetime, a password that must be changed first)."""

import time
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user

from ...audit.services import record
from ..forms import LoginForm
from ..logic.sessions import message, session_end_reason
from ..permissions import permission_required
from ..queries import user_by_id
from ..services import AuthError, authenticate
from .common import end_session, start_session

# Endpoints a person who must first change their password may still reach.
ALLOWED_BEFORE_NEW_PASSWORD = {"static", "auth.change_password", "auth.logout", "auth.login"}
SEEN_RESOLUTION = 30  # seconds: the idle clock is rewritten into the cookie at most this often


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/"):
        return target
    return url_for("main.index")


def guard_session():
    """Runs before every request (registered by wiring). Ends a session that is revoked, idle or
    too old; sends a person who must change their password to that page first."""
    # The user comes from this request's session only (tests keep one app context, and with it g,
    # across the requests of several clients).
    g.pop("_login_user", None)
    g.pop("_hallmark_window_of", None)
    if "_user_id" not in session:
        return None
    config = current_app.config
    idle, hours = config["SESSION_IDLE_MINUTES"], config["SESSION_MAX_HOURS"]
    user = user_by_id(session.get("_user_id"))
    now = time.time()
    reason = session_end_reason(
        now,
        session.get("_started"),
        session.get("_seen"),
        session.get("_epoch"),
        getattr(user, "session_epoch", None),
        getattr(user, "active", None),
        idle,
        hours,
    )
    if reason is not None:
        end_session()
        if request.endpoint != "static":
            flash(message(reason, idle, hours), "warning")
        return None
    if now - session["_seen"] > SEEN_RESOLUTION:
        session["_seen"] = now
    if user.must_change_password and request.endpoint not in ALLOWED_BEFORE_NEW_PASSWORD:
        if request.endpoint in current_app.view_functions and "auth.change_password" in current_app.view_functions:
            flash("请先设置您自己的新密码。", "warning")
            return redirect(url_for("auth.change_password"))
    return None


def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data.strip(), form.password.data, request.remote_addr)
        except AuthError as exc:
            flash(str(exc), "danger")  # the refusal is audited: the request commits its entry
        else:
            start_session(user)
            if user.must_change_password and "auth.change_password" in current_app.view_functions:
                return redirect(url_for("auth.change_password"))
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@permission_required("account.view")
def logout():
    """Ends every session of the person (the epoch moves on), not only this browser's cookie."""
    record(current_user, "logout", "user", current_user.id, {})
    current_user.end_sessions()
    end_session()
    flash("已退出登录。", "info")
    return redirect(url_for("auth.login"))
