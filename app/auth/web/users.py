"""The administrator's account pages: the list and a new account, one account's changes, and
accounts for the whole roster with a printable sheet of one-time initial passwords."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...flashing import refusals_flashed
from ..forms import DisableForm, LinkForm, RoleForm, RosterForm, UserForm
from ..permissions import permission_required
from ..queries import account_of_center, all_users, roster_coverage, staff_cards_of, unlinked_staff
from ..services import (
    AccountError,
    change_role,
    create_for_roster,
    create_for_staff,
    create_user,
    disable,
    enable,
    link_staff,
    reset_password,
    unlink_staff,
)


@permission_required("users.manage")
def users():
    form = UserForm()
    if form.validate_on_submit():
        with refusals_flashed(AccountError):
            create_user(**form.account(), actor=current_user, must_change=True)
            flash("已创建用户，首次登录须修改密码。", "success")
            return redirect(url_for("auth.users"))
    accounts = all_users()
    return render_template("auth/users.html", form=form, users=accounts, cards=staff_cards_of(accounts))


def _act(action: str, user):
    """Run one of the page's actions; returns a response (the sheet) or None (redirect back)."""
    if action == "role":
        form = RoleForm(prefix="role")
        if form.validate_on_submit():
            change_role(current_user, user, form.role.data)
            flash(f"已将角色改为{user.role_label}。", "success")
    elif action == "link":
        form = LinkForm(prefix="link")
        if form.validate_on_submit():
            link_staff(current_user, user, int(form.staff_id.data))
            flash("已关联工作人员档案。", "success")
    elif action == "unlink":
        unlink_staff(current_user, user)
        flash("已解除与工作人员档案的关联。", "success")
    elif action == "disable":
        form = DisableForm(prefix="disable")
        if not form.validate_on_submit():
            raise AccountError("请填写停用原因。")
        disable(current_user, user, form.reason.data)
        flash("账号已停用，其登录已全部失效。", "success")
    elif action == "enable":
        enable(current_user, user)
        flash("账号已重新启用。", "success")
    elif action == "reset":
        issued = reset_password(current_user, user)
        return render_template("auth/sheet.html", issued=[issued], title="重置密码")
    return None


@permission_required("users.manage")
def user_detail(user_id: int):
    user = account_of_center(user_id)
    if user is None:
        abort(404)
    if request.method == "POST":
        with refusals_flashed(AccountError):  # a refusal shows the page again with its message
            return _act(request.form.get("action", ""), user) or redirect(url_for("auth.user_detail", user_id=user.id))
    return _user_page(user)


def _user_page(user):
    return render_template(
        "auth/user.html",
        user=user,
        card=staff_cards_of([user]).get(user.staff_id),
        role_form=RoleForm(prefix="role", data={"role": user.role}),
        link_form=LinkForm(prefix="link"),
        disable_form=DisableForm(prefix="disable"),
    )


def _create_accounts(staff_id: str, window_id: int | None) -> list:
    """One person's account (a staff id posted), else those of a window's roster or the whole roster."""
    if staff_id.isdigit():
        return [create_for_staff(current_user, int(staff_id))]
    return create_for_roster(current_user, window_id)


@permission_required("users.manage")
def roster_accounts():
    """GET: who on the roster has no account yet. POST: create them (one window or all) and show the
    sheet of initial passwords, once. POST with staff_id: one person."""
    coverage = roster_coverage()
    form = RosterForm(coverage)
    if request.method == "POST" and form.validate_on_submit():
        with refusals_flashed(AccountError):
            issued = _create_accounts(request.form.get("staff_id", "").strip(), form.chosen_window_id())
            if issued:
                return render_template("auth/sheet.html", issued=issued, title="新建账号")
            flash("名单上的人员都已有账号，没有新建。", "info")
            return redirect(url_for("auth.roster_accounts"))
    return render_template("auth/roster.html", form=form, coverage=coverage, waiting=unlinked_staff())
