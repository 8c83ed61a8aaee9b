"""Routes of the auth room (endpoint names are part of url_for, templates and the access table)."""
from .. import bp
from . import session, users

bp.add_url_rule("/login", "login", session.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", session.logout, methods=["POST"])
bp.add_url_rule("/users", "users", users.users, methods=["GET", "POST"])
