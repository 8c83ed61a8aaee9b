import click
from flask import Flask

from ..extensions import db
from .roles import ROLE_LABELS
from .services import AccountError, create_user


def register(app: Flask) -> None:
    @app.cli.group("users", help="管理用户账号。")
    def users():
        pass

    @users.command("create")
    @click.argument("username")
    @click.option("--role", type=click.Choice(sorted(ROLE_LABELS)), required=True)
    @click.option("--name", "display_name", default=None, help="显示的姓名")
    @click.password_option()
    def create(username, role, display_name, password):
        """Create a user account (password is asked twice, never echoed)."""
        try:
            user = create_user(username, password, role, display_name)
            db.session.commit()
        except AccountError as exc:
            raise click.ClickException(str(exc))
        click.echo(f"已创建用户 {user.username}（{ROLE_LABELS[role]}）")
