"""Signing in with throttling, and the password re-entry of electronic signatures.

A refused login is audited too: the view shows the refusal and the request commits the entry."""
from datetime import timedelta

from ...audit.services import record
from ...core.timeutil import utcnow
from ...extensions import db
from ...kernel import DomainError, flush
from ..models import User


class AuthError(DomainError):
    """A login or signature refusal; the message is shown to the user."""


def authenticate(username: str, password: str, max_failures: int, lock_minutes: int) -> User:
    """Return the user or raise AuthError. After `max_failures` wrong passwords the account
    is locked for `lock_minutes`; every failure and success is audited."""
    user = db.session.scalar(db.select(User).filter_by(username=username))
    now = utcnow()
    if user is None:
        record(None, "login_failed", "user", None, {"username": username, "reason": "unknown user"})
        raise AuthError("用户名或密码错误。")
    if user.locked_until and user.locked_until > now:
        record(user, "login_failed", "user", user.id, {"reason": "locked"})
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise AuthError(f"连续登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试。")
    if not user.active or not user.check_password(password):
        user.failed_logins = (user.failed_logins or 0) + 1
        details = {"reason": "bad password" if user.active else "inactive", "failures": user.failed_logins}
        if user.failed_logins >= max_failures:
            user.locked_until = now + timedelta(minutes=lock_minutes)
            user.failed_logins = 0
            details["locked_minutes"] = lock_minutes
        record(user, "login_failed", "user", user.id, details)
        flush()
        raise AuthError("用户名或密码错误。")
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    record(user, "login", "user", user.id, {})
    flush()
    return user


def verify_password_for_signature(user: User, password: str) -> None:
    """Electronic signatures require the signer to re-enter their own password."""
    if not password or not user.check_password(password):
        raise AuthError("签名密码不正确。")
