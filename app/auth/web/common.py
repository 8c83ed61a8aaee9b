"""What the auth room's views share: opening and closing a session."""

import time

from flask import g, session
from flask_login import login_user, logout_user


def start_session(user) -> None:
    """A fresh session for `user`: nothing of the anonymous one survives (no fixation, a new CSRF
    token), except the language chosen."""
    lang = session.get("lang")
    session.clear()
    g.pop("csrf_token", None)  # the token cached for this request belonged to the old session
    if lang:
        session["lang"] = lang
    login_user(user)
    now = time.time()
    session["_epoch"] = user.session_epoch or 0
    session["_started"] = now
    session["_seen"] = now


def end_session() -> None:
    lang = session.get("lang")
    logout_user()
    session.clear()
    g.pop("csrf_token", None)
    if lang:
        session["lang"] = lang
