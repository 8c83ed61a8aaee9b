"""`flask users …`: accounts from the command line, through the same use cases (and the same
password policy) as the administrator's pages. Audited with no acting user."""

import click
from flask import Flask

from ..extensions import db
from .models import User
from .roles import ROLE_LABELS
from .services import (
    AccountError,
    change_role,
    create_for_roster,
    create_for_staff,
    create_user,
    disable,
    enable,
    link_staff,
    reset_password,
    set_password,
    unlink_staff,
)


def _user(username: str) -> User:
    user = db.session.scalar(db.select(User).filter_by(username=username))
    if user is None:
        raise click.ClickException(f"用户 {username} 不存在。")
    return user


def _run(step):
    try:
        result = step()
        db.session.commit()
        return result
    except AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc


def _print_sheet(issued) -> None:
    click.echo("姓名\t窗口\t角色\t用户名\t初始密码（首次登录须修改）")
    for a in issued:
        click.echo(f"{a.display_name}\t{a.window_label}\t{a.role_label}\t{a.username}\t{a.password}")


def register(app: Flask) -> None:
    @app.cli.group("users", help="管理用户账号。")
    def users():
        pass

    @users.command("create")
    @click.argument("username")
    @click.option("--role", type=click.Choice(sorted(ROLE_LABELS)), required=True)
    @click.option("--name", "display_name", default=None, help="显示的姓名")
    @click.option("--staff-id", type=int, default=None, help="关联的工作人员档案编号")
    @click.password_option()
    def create(username, role, display_name, staff_id, password):
        """Create a user account (password is asked twice, never echoed)."""
        user = _run(lambda: create_user(username, password, role, display_name, staff_id=staff_id))
        click.echo(f"已创建用户 {user.username}（{ROLE_LABELS[role]}）")

    @users.command("for-staff")
    @click.argument("staff_id", type=int)
    @click.option("--role", type=click.Choice(sorted(ROLE_LABELS)), default="window_staff")
    @click.option("--username", default=None)
    def for_staff(staff_id, role, username):
        """An account for one staff member, with a one-time initial password."""
        _print_sheet([_run(lambda: create_for_staff(None, staff_id, role, username))])

    @users.command("for-roster")
    @click.option("--window-id", type=int, default=None, help="只为这个窗口（默认全部窗口）")
    def for_roster(window_id):
        """An account for everyone on today's roster who has none; prints the sheet of initial passwords."""
        issued = _run(lambda: create_for_roster(None, window_id))
        _print_sheet(issued)
        click.echo(f"共新建 {len(issued)} 个账号。")

    @users.command("link")
    @click.argument("username")
    @click.argument("staff_id", type=int)
    def link(username, staff_id):
        _run(lambda: link_staff(None, _user(username), staff_id))
        click.echo(f"已将 {username} 关联到工作人员档案 {staff_id}。")

    @users.command("unlink")
    @click.argument("username")
    def unlink(username):
        _run(lambda: unlink_staff(None, _user(username)))
        click.echo(f"已解除 {username} 的档案关联。")

    @users.command("role")
    @click.argument("username")
    @click.argument("role", type=click.Choice(sorted(ROLE_LABELS)))
    def role_(username, role):
        _run(lambda: change_role(None, _user(username), role))
        click.echo(f"{username} 的角色已改为{ROLE_LABELS[role]}。")

    @users.command("disable")
    @click.argument("username")
    @click.option("--reason", required=True, help="停用原因")
    def disable_(username, reason):
        _run(lambda: disable(None, _user(username), reason))
        click.echo(f"已停用 {username}（账号保留，登录已全部失效）。")

    @users.command("enable")
    @click.argument("username")
    def enable_(username):
        _run(lambda: enable(None, _user(username)))
        click.echo(f"已重新启用 {username}。")

    @users.command("reset-password")
    @click.argument("username")
    def reset(username):
        """A one-time password; the person must choose their own at next sign-in."""
        _print_sheet([_run(lambda: reset_password(None, _user(username)))])

    @users.command("set-password")
    @click.argument("username")
    @click.password_option()
    def set_password_(username, password):
        _run(lambda: set_password(None, _user(username), password))
        click.echo(f"已为 {username} 设置新密码。")
