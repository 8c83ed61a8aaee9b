"""Use cases of the auth room (accounts, signing in); they flush, the request commits."""

from .accounts import (
    AccountError,
    IssuedAccount,
    change_own_password,
    change_role,
    check_password,
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
from .login import AuthError, authenticate, verify_password_for_signature

__all__ = [
    "AccountError",
    "AuthError",
    "IssuedAccount",
    "authenticate",
    "change_own_password",
    "change_role",
    "check_password",
    "create_for_roster",
    "create_for_staff",
    "create_user",
    "disable",
    "enable",
    "link_staff",
    "reset_password",
    "set_password",
    "unlink_staff",
    "verify_password_for_signature",
]
