"""Sessions end on the server (issue 12 item 5): logout, password change and disable revoke every
session of the person; idle timeout and absolute lifetime; a shared generated SECRET_KEY; headers."""

import os
import stat
import time

import pytest

from app import create_app
from app.auth.logic.sessions import session_end_reason
from app.auth.models import User
from app.config import Config, TestConfig
from app.extensions import db
from tests.conftest import PASSWORD


def _cookie(client):
    return client.get_cookie("hallmark_session").value


def test_old_cookie_stops_working_after_logout(app, client, users, auth):
    auth.login(users["evaluator"])
    stolen = _cookie(client)
    assert client.get("/").status_code == 200
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("hallmark_session", stolen)
    response = thief.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_ends_every_session_of_the_person(app, users, auth):
    office, home = app.test_client(), app.test_client()
    for c in (office, home):
        c.post("/login", data={"username": "auditor", "password": PASSWORD})
        assert c.get("/").status_code == 200
    office.post("/logout")
    assert home.get("/").status_code == 302


def test_disabling_the_account_ends_its_sessions(app, client, users, auth):
    auth.login(users["auditor"])
    assert client.get("/").status_code == 200
    user = db.session.get(User, users["auditor"].id)
    user.active = False
    db.session.commit()
    response = client.get("/", follow_redirects=True)
    assert "账号已停用" in response.get_data(as_text=True)


def test_idle_timeout_and_absolute_lifetime(app, client, users, auth):
    auth.login(users["auditor"])
    with client.session_transaction() as s:
        s["_seen"] = time.time() - 31 * 60
    response = client.get("/", follow_redirects=True)
    assert "30 分钟未操作" in response.get_data(as_text=True)

    auth.login(users["auditor"])
    with client.session_transaction() as s:
        s["_started"] = time.time() - 12 * 3600 - 5
    response = client.get("/", follow_redirects=True)
    assert "超过 12 小时" in response.get_data(as_text=True)

    auth.login(users["auditor"])
    with client.session_transaction() as s:
        s["_seen"] = time.time() - 29 * 60
    assert client.get("/").status_code == 200  # still active, and the idle clock restarts
    with client.session_transaction() as s:
        assert time.time() - s["_seen"] < 5


def test_session_end_reason_rules():
    now = 1_000_000.0
    ok = dict(
        started=now - 60, seen=now - 60, session_epoch=3, user_epoch=3, user_active=True, idle_minutes=30, max_hours=12
    )
    assert session_end_reason(now, **ok) is None
    assert session_end_reason(now, **{**ok, "session_epoch": 2}) == "revoked"
    assert session_end_reason(now, **{**ok, "session_epoch": None}) == "revoked"
    assert session_end_reason(now, **{**ok, "user_active": False}) == "disabled"
    assert session_end_reason(now, **{**ok, "user_epoch": None, "user_active": None}) == "revoked"
    assert session_end_reason(now, **{**ok, "seen": now - 30 * 60 - 1}) == "idle"
    assert session_end_reason(now, **{**ok, "started": now - 12 * 3600 - 1}) == "lifetime"


def test_session_cookie_secure_by_setting(tmp_path, monkeypatch):
    assert Config(str(tmp_path)).SESSION_COOKIE_SECURE is False
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    assert Config(str(tmp_path)).SESSION_COOKIE_SECURE is True
    config = Config(str(tmp_path))
    assert config.SESSION_IDLE_MINUTES == 30 and config.SESSION_MAX_HOURS == 12
    assert config.PERMANENT_SESSION_LIFETIME == 12 * 3600


def test_without_secret_key_every_worker_shares_one_generated_key(tmp_path, monkeypatch, caplog):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    keys = {Config(str(tmp_path)).SECRET_KEY for _ in range(10)}  # ten workers starting
    assert len(keys) == 1 and len(keys.pop()) >= 64
    path = tmp_path / "secret_key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    config = Config(str(tmp_path))
    config.SQLALCHEMY_DATABASE_URI = "sqlite:///" + str(tmp_path / "w.db")
    with caplog.at_level("WARNING", logger="app"):
        create_app(config)
    assert any("SECRET_KEY 未设置" in r.getMessage() for r in caplog.records)
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert Config(str(tmp_path)).SECRET_KEY == "from-the-environment"


@pytest.mark.database  # builds its own apps on one SQLite file
def test_a_login_made_by_one_worker_works_on_another(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    url = "sqlite:///" + str(tmp_path / "shared.db")
    workers = []
    for _ in range(2):
        config = TestConfig(str(tmp_path), SQLALCHEMY_DATABASE_URI=url)
        config.SECRET_KEY = Config(str(tmp_path)).SECRET_KEY  # what a worker without SECRET_KEY gets
        workers.append(create_app(config))
    with workers[0].app_context():
        db.create_all()
        user = User(username="w", display_name="工", role="auditor")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        first = workers[0].test_client()
        first.post("/login", data={"username": "w", "password": PASSWORD})
        cookie = _cookie(first)
    with workers[1].app_context():
        second = workers[1].test_client()
        second.set_cookie("hallmark_session", cookie)
        assert second.get("/").status_code == 200
        db.engine.dispose()
    with workers[0].app_context():
        db.engine.dispose()


def test_security_headers_on_every_response(client, users, auth):
    for response in (client.get("/login"), client.get("/static/css/app.css")):
        h = response.headers
        assert "frame-ancestors 'none'" in h["Content-Security-Policy"]
        assert (
            "script-src 'self'" in h["Content-Security-Policy"]
            and "unsafe-inline" not in h["Content-Security-Policy"].split("script-src")[1].split(";")[0]
        )
        assert h["X-Frame-Options"] == "DENY" and h["X-Content-Type-Options"] == "nosniff"
        assert h["Referrer-Policy"] == "same-origin"
    assert "no-store" not in (client.get("/login").headers.get("Cache-Control") or "")
    auth.login(users["admin"])
    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert client.get("/users").headers["Cache-Control"] == "no-store"


def test_no_template_has_inline_handlers_or_scripts():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "app"
    found = []
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.name}: {m.group(0)}" for m in re.finditer(r"\son[a-z]+\s*=", text)]
        found += [f"{path.name}: inline <script>" for m in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text)]
        found += [f"{path.name}: javascript: URL" for m in re.finditer(r"javascript:", text)]
    assert found == []
