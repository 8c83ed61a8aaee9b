"""Use cases of the auth room (accounts, signing in); they flush, the request commits."""
from .accounts import AccountError, create_user
from .login import AuthError, authenticate, verify_password_for_signature

__all__ = ["AccountError", "AuthError", "authenticate", "create_user", "verify_password_for_signature"]
