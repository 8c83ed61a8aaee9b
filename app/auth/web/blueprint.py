"""Routes of the auth room (endpoint names are part of url_for, templates and the access table)."""

from .. import bp
from . import accounts, sessions, users

bp.add_url_rule("/login", "login", sessions.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", sessions.logout, methods=["POST"])
bp.add_url_rule("/account/password", "change_password", accounts.change_password, methods=["GET", "POST"])
bp.add_url_rule("/users", "users", users.users, methods=["GET", "POST"])
bp.add_url_rule("/users/<int:user_id>", "user_detail", users.user_detail, methods=["GET", "POST"])
bp.add_url_rule("/users/roster", "roster_accounts", users.roster_accounts, methods=["GET", "POST"])
