"""Signing in with throttling, and the password re-entry of electronic signatures.

A refused login is audited too: the view shows the refusal and the request commits the entry.
Unknown and known names cost the same: an unknown name is checked against a dummy hash."""

from dataclasses import dataclass

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from ...audit.services import record
from ...core.timeutil import utcnow
from ...extensions import db
from ...kernel import DomainError, flush
from ..logic.throttle import counted, delay_after, wait_left
from ..models import LoginThrottle, User

BAD_CREDENTIALS = "用户名或密码错误。"
_dummy_hashes: dict = {}


class AuthError(DomainError):
    """A login or signature refusal; the message is shown to the user."""


@dataclass(frozen=True)
class ThrottleSettings:
    free_account: int = 5
    max_delay_account: int = 60
    free_address: int = 20
    max_delay_address: int = 900
    forget_minutes: int = 60

    @classmethod
    def from_config(cls, config) -> "ThrottleSettings":
        return cls(
            config["LOGIN_FREE_FAILURES_ACCOUNT"],
            config["LOGIN_MAX_DELAY_ACCOUNT"],
            config["LOGIN_FREE_FAILURES_ADDRESS"],
            config["LOGIN_MAX_DELAY_ADDRESS"],
            config["LOGIN_FORGET_MINUTES"],
        )


def _dummy_check(password: str) -> None:
    """Spend the time a real check costs, with the app's hash method."""
    method = current_app.config.get("PASSWORD_HASH_METHOD") or "scrypt"
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash("hallmark-no-such-account", method=method)
    check_password_hash(_dummy_hashes[method], password)


def _rows(keys: list[str]) -> dict[str, LoginThrottle]:
    rows = db.session.scalars(db.select(LoginThrottle).where(LoginThrottle.key.in_(keys))).all()
    return {row.key: row for row in rows}


def _since(row, now) -> float | None:
    return (now - row.last_failure_at).total_seconds() if row is not None and row.last_failure_at else None


def authenticate(
    username: str, password: str, address: str | None = None, settings: ThrottleSettings | None = None
) -> User:
    """Return the user or raise AuthError; every failure and success is audited."""
    settings = settings or ThrottleSettings.from_config(current_app.config)
    now = utcnow()
    account_key = "account:" + username.strip().lower()[:100]
    address_key = "address:" + (address or "unknown")[:100]
    limits = {
        account_key: (settings.free_account, settings.max_delay_account),
        address_key: (settings.free_address, settings.max_delay_address),
    }
    rows = _rows(list(limits))
    wait = max(
        wait_left(rows[k].failures, _since(rows[k], now), free, cap, settings.forget_minutes) if k in rows else 0
        for k, (free, cap) in limits.items()
    )
    user = db.session.scalar(db.select(User).filter_by(username=username).execution_options(all_centers=True))
    if wait > 0:
        record(
            user,
            "login_failed",
            "user",
            user.id if user else None,
            {"username": username, "reason": "throttled", "wait_seconds": wait, "address": address or ""},
        )
        flush()
        raise AuthError(f"登录尝试过于频繁，请 {wait} 秒后再试。")
    if user is None:
        _dummy_check(password)
        ok = False
    else:
        ok = user.check_password(password) and bool(user.active)
    if not ok:
        failures = {}
        for key in limits:
            row = rows.get(key)
            if row is None:
                row = LoginThrottle(key=key, failures=0)
                db.session.add(row)
            row.failures = counted(row.failures, _since(row, now), settings.forget_minutes) + 1
            row.last_failure_at = now
            failures[key] = row.failures
        reason = "unknown user" if user is None else ("inactive" if not user.active else "bad password")
        details = {"username": username, "reason": reason, "failures": failures[account_key], "address": address or ""}
        free, cap = limits[account_key]
        if delay_after(failures[account_key], free, cap):
            details["delay_seconds"] = delay_after(failures[account_key], free, cap)
        record(user, "login_failed", "user", user.id if user else None, details)
        flush()
        raise AuthError(BAD_CREDENTIALS)
    for row in rows.values():
        row.failures = 0
        row.last_failure_at = None
    user.last_login_at = now
    record(user, "login", "user", user.id, {"address": address or ""})
    flush()
    return user


def verify_password_for_signature(user: User, password: str) -> None:
    """Electronic signatures require the signer to re-enter their own password."""
    if not password or not user.check_password(password):
        raise AuthError("签名密码不正确。")
