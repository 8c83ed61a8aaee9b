"""CSRF is on in real configuration: a POST without the token is refused."""
from app import create_app
from app.config import TestConfig
from app.extensions import db


def test_post_without_csrf_token_is_refused(tmp_path):
    app = create_app(TestConfig(str(tmp_path), WTF_CSRF_ENABLED=True, SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "c.db")))
    with app.app_context():
        db.create_all()
        client = app.test_client()
        response = client.post("/login", data={"username": "x", "password": "y"})
        assert response.status_code == 400
        page = client.get("/login").get_data(as_text=True)
        assert 'name="csrf_token"' in page
        db.engine.dispose()
