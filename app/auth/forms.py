from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from .roles import ROLE_LABELS


class LoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名。"), Length(max=64)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码。")])


class UserForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名。"), Length(max=64)])
    display_name = StringField("姓名", validators=[DataRequired("请输入姓名。"), Length(max=64)])
    # No default: a new account is never made 系统管理员 by leaving the first option selected.
    role = SelectField("角色", choices=[("", "— 请选择角色 —")] + list(ROLE_LABELS.items()),
                       validators=[DataRequired("请选择角色。")])
    password = PasswordField("初始密码", validators=[DataRequired("请输入密码。"), Length(min=8, message="密码至少 8 位。")])
