from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from ..audit.services import record_now
from ..extensions import db
from . import bp
from .forms import LoginForm, UserForm
from .models import User
from .permissions import permission_required
from .services import AuthError, authenticate, create_user


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/"):
        return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
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
            flash(str(exc), "danger")
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@permission_required("account.view")
def logout():
    record_now(current_user, "logout", "user", current_user.id, {})
    logout_user()
    flash("已退出登录。", "info")
    return redirect(url_for("auth.login"))


@bp.route("/users", methods=["GET", "POST"])
@permission_required("users.manage")
def users():
    form = UserForm()
    if form.validate_on_submit():
        try:
            create_user(form.username.data.strip(), form.password.data, form.role.data, form.display_name.data.strip(), actor=current_user)
        except ValueError as exc:
            flash(str(exc), "danger")
        else:
            flash("已创建用户。", "success")
            return redirect(url_for("auth.users"))
    all_users = db.session.scalars(db.select(User).order_by(User.role, User.username)).all()
    return render_template("auth/users.html", form=form, users=all_users)
