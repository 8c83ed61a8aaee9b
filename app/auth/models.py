from flask import current_app, has_app_context
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from ..centers.models import CenterOwned
from ..core.timeutil import utcnow
from ..extensions import db, login_manager
from .roles import ROLE_LABELS


class User(CenterOwned, UserMixin, db.Model):
    __tablename__ = "users"

    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(64), unique=True, nullable=False)
    display_name = db.Column(db.String(64), nullable=False)
    password_hash = db.Column(db.String(256), nullable=False)
    role = db.Column(db.String(32), nullable=False)
    active = db.Column(db.Boolean, nullable=False, default=True)
    # Optional link to the staff register (records domain) for window staff.
    staff_id = db.Column(db.Integer, nullable=True)
    failed_logins = db.Column(db.Integer, nullable=False, default=0)
    locked_until = db.Column(db.DateTime, nullable=True)
    last_login_at = db.Column(db.DateTime, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # Server-side revocation: a session carries the epoch it was opened under; logout, a password
    # change or reset and disabling the account bump it, which ends every session of the person.
    session_epoch = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    # Set by an administrator's reset and on an account made with a one-time initial password.
    must_change_password = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    password_changed_at = db.Column(db.DateTime, nullable=True)
    disabled_at = db.Column(db.DateTime, nullable=True)

    def set_password(self, password: str) -> None:
        # Tests set a cheap method (scrypt costs ~0.3 s a hash); production keeps Werkzeug's default.
        method = current_app.config.get("PASSWORD_HASH_METHOD") if has_app_context() else None
        self.password_hash = (
            generate_password_hash(password, method=method) if method else generate_password_hash(password)
        )

    def end_sessions(self) -> None:
        """Every session opened before this call stops working at its next request."""
        self.session_epoch = (self.session_epoch or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


@login_manager.user_loader
def load_user(user_id: str):
    """Once per request: the session guard (before_request) and Flask-Login both ask; the request
    memo keeps the object alive, so the second ask costs no statement."""
    from ..core import cache

    ident = int(user_id)
    return cache.per_request(
        ("auth.user", ident), lambda: db.session.get(User, ident, execution_options={"all_centers": True})
    )


class LoginThrottle(db.Model):
    """Failed sign-ins counted per key: "account:<name>" (whether the name exists or not) or
    "address:<ip>". See app/auth/logic/throttle.py."""

    __tablename__ = "auth_login_throttle"

    id = db.Column(db.Integer, primary_key=True)
    key = db.Column(db.String(120), nullable=False, unique=True)
    failures = db.Column(db.Integer, nullable=False, default=0)
    last_failure_at = db.Column(db.DateTime, nullable=True)
