import pytest

from app.audit.models import AuditEntry
from app.auth.models import User
from app.auth.services import AuthError, create_user, verify_password_for_signature
from app.extensions import db
from tests.conftest import PASSWORD


def _actions(action):
    return db.session.scalars(db.select(AuditEntry).filter_by(action=action)).all()


def test_password_is_hashed_never_stored(app):
    user = create_user("lisi", "s3cret-pass-x", "evaluator", "李思")
    assert "s3cret-pass-x" not in user.password_hash
    assert user.check_password("s3cret-pass-x") and not user.check_password("wrong")


def test_create_user_rejects_short_password_and_duplicates(app):
    with pytest.raises(ValueError, match="至少 10 位"):
        create_user("a", "short", "auditor")
    create_user("dup", "Long-enough-7", "auditor")
    with pytest.raises(ValueError, match="已存在"):
        create_user("dup", "Long-enough-7", "auditor")


def test_login_page_is_public_and_everything_else_needs_login(client):
    assert client.get("/login").status_code == 200
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_login_logout_round_trip(client, users, auth):
    response = auth.login(users["evaluator"])
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    auth.logout()
    assert client.get("/").status_code == 302
    assert len(_actions("login")) == 1 and len(_actions("logout")) == 1


def test_wrong_password_is_refused_and_audited(client, users, auth):
    response = auth.login(users["evaluator"], "not-the-password")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert _actions("login_failed")[0].user_id == users["evaluator"].id


def test_open_redirect_is_not_followed(client, users):
    response = client.post("/login?next=https://evil.example/", data={"username": "auditor", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_signature_password_check(app, users):
    verify_password_for_signature(users["doc_manager"], PASSWORD)
    with pytest.raises(AuthError):
        verify_password_for_signature(users["doc_manager"], "nope")


def test_denied_action_is_audited(client, users, auth):
    auth.login(users["window_staff"])
    assert client.get("/users").status_code == 403
    denied = _actions("denied")
    assert denied and denied[0].user_id == users["window_staff"].id


def test_admin_creates_user_and_form_reshows_input_on_error(client, users, auth):
    auth.login(users["admin"])
    response = client.post(
        "/users", data={"username": "newbie", "display_name": "新人", "role": "auditor", "password": "123"}
    )
    page = response.get_data(as_text=True)
    assert "密码至少 10 位" in page and 'value="newbie"' in page
    response = client.post(
        "/users", data={"username": "newbie", "display_name": "新人", "role": "auditor", "password": "password123"}
    )
    assert "太常见" in response.get_data(as_text=True) and 'value="newbie"' in response.get_data(as_text=True)
    client.post(
        "/users", data={"username": "newbie", "display_name": "新人", "role": "auditor", "password": "Spring-rain-42"}
    )
    assert db.session.scalar(db.select(User).filter_by(username="newbie")).role == "auditor"


def test_new_user_role_must_be_chosen(client, users, auth):
    auth.login(users["admin"])
    page = client.get("/users").get_data(as_text=True)
    select = page[page.index('<select id="role"') :]
    select = select[: select.index("</select>")]
    # the first (shown) option is the empty prompt and nothing is pre-selected, least of all 系统管理员
    assert select.index('<option value="">') < select.index('value="admin"') and "selected" not in select
    response = client.post(
        "/users", data={"username": "nobody", "display_name": "无角色", "password": "Spring-rain-42"}
    )
    assert "请选择角色" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(User).filter_by(username="nobody")) is None


def test_cli_users_create(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "cli_user", "--role", "auditor", "--name", "命令行"],
        input="Quiet-harbor-31\nQuiet-harbor-31\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(User).filter_by(username="cli_user")).display_name == "命令行"
