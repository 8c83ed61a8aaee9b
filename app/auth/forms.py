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
    role = SelectField("角色", choices=list(ROLE_LABELS.items()))
    password = PasswordField("初始密码", validators=[DataRequired("请输入密码。"), Length(min=8, message="密码至少 8 位。")])
