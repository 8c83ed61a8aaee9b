"""CSRF is on in real configuration: a POST without the token is refused."""

import pytest

from app import create_app
from app.config import TestConfig
from app.extensions import db


@pytest.mark.database  # builds its own app on its own SQLite file
def test_post_without_csrf_token_is_refused(tmp_path):
    app = create_app(
        TestConfig(str(tmp_path), WTF_CSRF_ENABLED=True, SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "c.db"))
    )
    with app.app_context():
        db.create_all()
        client = app.test_client()
        response = client.post("/login", data={"username": "x", "password": "y"})
        assert response.status_code == 400
        page = client.get("/login").get_data(as_text=True)
        assert 'name="csrf_token"' in page
        db.engine.dispose()


def _token(page: str) -> str:
    import re

    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


@pytest.mark.database  # builds its own app on its own SQLite file
def test_csrf_refusal_is_in_chinese_and_the_token_is_renewed_at_login(tmp_path):
    from app.auth.models import User

    app = create_app(
        TestConfig(str(tmp_path), WTF_CSRF_ENABLED=True, SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "c.db"))
    )
    with app.app_context():
        db.create_all()
        for name in ("ren", "wu"):
            user = User(username=name, display_name=name, role="auditor")
            user.set_password("password123")
            db.session.add(user)
        db.session.commit()
        client = app.test_client()
        refused = client.post("/login", data={"username": "x", "password": "y"})
        assert refused.status_code == 400 and "安全校验未通过" in refused.get_data(as_text=True)
        assert "Bad Request" not in refused.get_data(as_text=True)
        before = _token(client.get("/login").get_data(as_text=True))
        client.post("/login", data={"username": "ren", "password": "password123", "csrf_token": before})
        after = _token(client.get("/").get_data(as_text=True))
        assert after != before
        # The token of ren's session is refused after ren logs out and wu logs in on the same browser.
        client.post("/logout", data={"csrf_token": after})
        login_token = _token(client.get("/login").get_data(as_text=True))
        client.post("/login", data={"username": "wu", "password": "password123", "csrf_token": login_token})
        assert client.post("/logout", data={"csrf_token": after}).status_code == 400
        db.engine.dispose()


def test_a_nul_character_in_a_form_or_query_is_refused_with_the_chinese_page(client, users, auth):
    auth.login(users["admin"])
    for response in (
        client.get("/search/?q=%00窗口"),
        client.post("/records/k/complaints/new", data={"received_on": "2026-11-04", "content": "a\x00b"}),
    ):
        assert response.status_code == 400
        assert "请求无效，本次提交未生效" in response.get_data(as_text=True)
