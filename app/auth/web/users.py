"""The admin's user page: the accounts and a form for a new one."""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ..forms import UserForm
from ..permissions import permission_required
from ..queries import all_users
from ..services import AccountError, create_user


@permission_required("users.manage")
def users():
    form = UserForm()
    if form.validate_on_submit():
        try:
            create_user(form.username.data.strip(), form.password.data, form.role.data, form.display_name.data.strip(), actor=current_user)
        except AccountError as exc:
            flash(str(exc), "danger")
        else:
            flash("已创建用户。", "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/users.html", form=form, users=all_users())
