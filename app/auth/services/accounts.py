"""Accounts: creation (the admin's user page and `flask users create`)."""
from ...audit.services import record
from ...extensions import db
from ...kernel import DomainError, flush, require
from ..models import User
from ..roles import ALL_ROLES


class AccountError(DomainError):
    """A refused account change; the message is shown to the user."""


def create_user(username: str, password: str, role: str, display_name: str | None = None, actor=None) -> User:
    """Flushes; the request (or the CLI command) commits. `actor` is None only on the command line."""
    if actor is not None:
        require(actor, "users.manage")
    if role not in ALL_ROLES:
        raise AccountError(f"未知角色：{role}")
    if len(password) < 8:
        raise AccountError("密码至少 8 位。")
    if db.session.scalar(db.select(User).filter_by(username=username)):
        raise AccountError(f"用户名 {username} 已存在。")
    user = User(username=username, display_name=display_name or username, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record(actor, "create", "user", user.id, {"username": username, "role": role})
    flush()
    return user
