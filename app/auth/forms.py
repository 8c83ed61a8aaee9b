from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from .logic.passwords import MIN_LENGTH
from .queries import unlinked_staff
from .roles import ROLE_LABELS

ROLE_CHOICES = [("", "— 请选择角色 —")] + list(ROLE_LABELS.items())
PASSWORD_HINT = f"至少 {MIN_LENGTH} 位；不能是常见密码，不能包含用户名或姓名。"


class LoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名。"), Length(max=64)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码。")])


class UserForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名。"), Length(max=64)])
    display_name = StringField("姓名", validators=[DataRequired("请输入姓名。"), Length(max=64)])
    # No default: a new account is never made 系统管理员 by leaving the first option selected.
    role = SelectField("角色", choices=ROLE_CHOICES, validators=[DataRequired("请选择角色。")])
    password = PasswordField(
        "初始密码",
        description=PASSWORD_HINT + "首次登录须修改。",
        validators=[DataRequired("请输入密码。"), Length(min=MIN_LENGTH, message=f"密码至少 {MIN_LENGTH} 位。")],
    )

    def account(self) -> dict:
        """The new account as typed (create_user's keywords)."""
        return {
            "username": self.username.data.strip(),
            "password": self.password.data,
            "role": self.role.data,
            "display_name": self.display_name.data.strip(),
        }


class RoleForm(FlaskForm):
    role = SelectField("角色", choices=ROLE_CHOICES, validators=[DataRequired("请选择角色。")])


class LinkForm(FlaskForm):
    staff_id = SelectField(
        "工作人员档案", choices=[], validate_choice=False, validators=[DataRequired("请选择工作人员。")]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff_id.choices = [("", "— 请选择 —")] + [
            (str(c.id), f"{c.name}（{c.window_label or '不在窗口名单'}）") for c in unlinked_staff()
        ]


class DisableForm(FlaskForm):
    reason = StringField("停用原因", validators=[DataRequired("请填写停用原因。"), Length(max=200)])


class RosterForm(FlaskForm):
    """Whose accounts to create: one window of the roster's coverage, or all."""

    window_id = SelectField("范围", choices=[], validate_choice=False, validators=[Optional()])

    def __init__(self, coverage, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.window_id.choices = [("", "全部窗口")] + [(str(c.window_id), c.label) for c in coverage]

    def chosen_window_id(self) -> int | None:
        return int(self.window_id.data) if (self.window_id.data or "").isdigit() else None


class PasswordChangeForm(FlaskForm):
    current = PasswordField("当前密码", validators=[DataRequired("请输入当前密码。")])
    new = PasswordField(
        "新密码",
        description=PASSWORD_HINT,
        validators=[DataRequired("请输入新密码。"), Length(min=MIN_LENGTH, message=f"密码至少 {MIN_LENGTH} 位。")],
    )
    confirm = PasswordField("再次输入新密码", validators=[DataRequired("请再次输入新密码。")])
