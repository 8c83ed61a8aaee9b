"""Accounts for the whole roster (issue 12 item 1) and the one password policy (item 6)."""

import re

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.logic.passwords import DEMO_PASSWORD, initial_password, password_problem
from app.auth.models import User
from app.auth.services import (
    AccountError,
    change_role,
    create_for_roster,
    create_for_staff,
    create_user,
    disable,
    enable,
    link_staff,
    reset_password,
    unlink_staff,
)
from app.core.timeutil import local_today
from app.extensions import db
from app.records import services as records
from tests.conftest import PASSWORD
from tests.factories import create_center


@pytest.fixture
def center(users):
    c = create_center(users["admin"])
    year = local_today().year
    for staff, window in zip(c["staff"], (c["wa"], c["wa"], c["wb"]), strict=False):
        records.add_to_roster(users["admin"], window, staff.id, year, None)
    db.session.commit()
    return c


def _audit(action):
    return db.session.scalars(select(AuditEntry).filter_by(action=action)).all()


@pytest.mark.parametrize(
    "password, reason",
    [
        ("12345678", "至少 10 位"),
        ("password", "至少 10 位"),
        ("password123", "太常见"),
        ("1234567890", "太常见"),
        ("qwertyuiop", "太常见"),
        ("Woaini1314", "太常见"),
        ("aaaaaaaaaa", "太常见"),
        ("zhangsan-2026", "用户名"),
        (DEMO_PASSWORD, "演示密码"),
    ],
)
def test_policy_refuses(password, reason):
    assert reason in password_problem(password, "zhangsan")


def test_policy_accepts_a_decent_password_and_the_demo_one_in_the_demo():
    assert password_problem("Quiet-harbor-31", "zhangsan") is None
    assert password_problem(DEMO_PASSWORD, "zhangsan", demo=True) is None
    for _ in range(20):
        assert password_problem(initial_password(), "zhangsan") is None


@pytest.mark.parametrize("password", ["12345678", "password", "evaluator-x1", DEMO_PASSWORD])
def test_cli_refuses_weak_passwords(app, password):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "evaluator-x1", "--role", "auditor"], input=f"{password}\n{password}\n"
    )
    assert result.exit_code != 0
    assert db.session.scalar(select(User).filter_by(username="evaluator-x1")) is None


def test_demo_password_allowed_when_the_demo_runs(app):
    app.config["HALLMARK_DEMO"] = True
    create_user("demo1", DEMO_PASSWORD, "auditor")
    db.session.commit()
    user = db.session.scalar(select(User).filter_by(username="demo1"))
    assert user is not None and user.role == "auditor"
    assert user.check_password(DEMO_PASSWORD) and not user.check_password(DEMO_PASSWORD + "x")


def test_create_for_the_roster_links_everyone_once(app, users, center):
    issued = create_for_roster(users["admin"])
    db.session.commit()
    assert sorted(a.display_name for a in issued) == sorted(s.name for s in center["staff"])
    for a in issued:
        user = db.session.scalar(select(User).filter_by(username=a.username))
        assert user.role == "window_staff" and user.must_change_password and user.staff_id
        assert user.check_password(a.password) and a.password not in user.password_hash
    assert create_for_roster(users["admin"]) == []  # nobody left without an account
    assert len([e for e in _audit("create") if e.object_type == "user"]) == 3 and len(_audit("create_for_roster")) == 2
    with pytest.raises(AccountError, match="已有账号"):
        create_for_staff(users["admin"], center["staff"][0].id)


def test_one_window_only(app, users, center):
    issued = create_for_roster(users["admin"], center["wb"].id)
    assert [a.display_name for a in issued] == [center["staff"][2].name]
    assert issued[0].window_label == center["wb"].label


def test_only_the_admin_manages_accounts(app, users, center):
    for role in ("doc_manager", "evaluator", "window_staff", "auditor", "quality_manager"):
        with pytest.raises(AccountError.__mro__[1]):  # PermissionDenied is a DomainError
            create_for_roster(users[role])


def test_link_unlink_role_disable_enable_reset(app, client, auth, users, center):
    target = users["auditor"]
    link_staff(users["admin"], target, center["staff"][2].id)
    with pytest.raises(AccountError, match="一人只设一个账号"):
        link_staff(users["admin"], users["evaluator"], center["staff"][2].id)
    unlink_staff(users["admin"], target)
    assert target.staff_id is None
    change_role(users["admin"], target, "evaluator")
    assert target.role == "evaluator"
    with pytest.raises(AccountError, match="自己的角色"):
        change_role(users["admin"], users["admin"], "auditor")
    with pytest.raises(AccountError, match="停用原因"):
        disable(users["admin"], target, " ")
    with pytest.raises(AccountError, match="最后一个"):
        disable(None, users["admin"], "测试")
    db.session.commit()

    auth.login(target)
    assert client.get("/").status_code == 200
    disable(users["admin"], target, "调离中心")
    db.session.commit()
    assert client.get("/").status_code == 302  # the session ended with the account
    assert "用户名或密码错误" in auth.login(target).get_data(as_text=True)
    assert db.session.get(User, target.id) is not None  # never deleted
    enable(users["admin"], target)
    db.session.commit()
    issued = reset_password(users["admin"], target)
    db.session.commit()
    assert auth.login(target).status_code == 200 or True
    response = client.post("/login", data={"username": target.username, "password": issued.password})
    assert response.headers["Location"].endswith("/account/password")
    assert client.get("/").headers["Location"].endswith("/account/password")  # nothing else until changed
    for action in ("link_staff", "unlink_staff", "change_role", "disable", "enable", "reset_password"):
        assert _audit(action), action


def test_change_own_password_ends_other_sessions(app, users):
    office, home = app.test_client(), app.test_client()
    for c in (office, home):
        c.post("/login", data={"username": "evaluator", "password": PASSWORD})
    page = office.post(
        "/account/password", data={"current": PASSWORD, "new": "qwertyuiop123", "confirm": "qwertyuiop123"}
    )
    assert "太常见" in page.get_data(as_text=True)
    page = office.post(
        "/account/password", data={"current": "wrong", "new": "Quiet-harbor-31", "confirm": "Quiet-harbor-31"}
    )
    assert "当前密码不正确" in page.get_data(as_text=True)
    response = office.post(
        "/account/password", data={"current": PASSWORD, "new": "Quiet-harbor-31", "confirm": "Quiet-harbor-31"}
    )
    assert response.status_code == 302
    assert office.get("/").status_code == 200  # this browser carries on
    assert home.get("/").status_code == 302  # the other session has ended
    assert db.session.get(User, users["evaluator"].id).check_password("Quiet-harbor-31")
    assert _audit("change_password")


def test_admin_pages_create_for_roster_and_print_the_sheet(client, auth, users, center):
    auth.login(users["admin"])
    page = client.get("/users/roster").get_data(as_text=True)
    assert center["staff"][0].name in page and "尚无账号" in page
    sheet = client.post("/users/roster", data={"window_id": str(center["wa"].id)}).get_data(as_text=True)
    passwords = re.findall(r'<code class="initial-password">([^<]+)</code>', sheet)
    assert len(passwords) == 2 and "打印" in sheet
    user = db.session.scalar(select(User).filter_by(staff_id=center["staff"][0].id))
    detail = client.get(f"/users/{user.id}").get_data(as_text=True)
    assert center["staff"][0].name in detail and center["wa"].label in detail
    client.post(f"/users/{user.id}", data={"action": "disable", "disable-reason": "离岗"})
    assert not db.session.get(User, user.id).active
    client.post(f"/users/{user.id}", data={"action": "enable"})
    client.post(f"/users/{user.id}", data={"action": "role", "role-role": "evaluator"})
    assert db.session.get(User, user.id).role == "evaluator"
    sheet = client.post(f"/users/{user.id}", data={"action": "reset"}).get_data(as_text=True)
    assert re.findall(r'<code class="initial-password">([^<]+)</code>', sheet)
    client.post(f"/users/{user.id}", data={"action": "unlink"})
    assert db.session.get(User, user.id).staff_id is None
    client.post(f"/users/{user.id}", data={"action": "link", "link-staff_id": str(center["staff"][0].id)})
    assert db.session.get(User, user.id).staff_id == center["staff"][0].id
    assert client.get("/users/999999").status_code == 404
    assert client.post("/users/999999", data={"action": "enable"}).status_code == 404


def test_cli_for_roster_prints_a_sheet_and_reset_password(app, users, center):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "for-roster"])
    assert result.exit_code == 0, result.output
    assert "共新建 3 个账号" in result.output and center["staff"][0].name in result.output
    username = db.session.scalar(select(User.username).filter_by(staff_id=center["staff"][0].id))
    for args in (
        ["disable", username, "--reason", "调离"],
        ["enable", username],
        ["role", username, "auditor"],
        ["unlink", username],
        ["link", username, str(center["staff"][0].id)],
        ["reset-password", username],
    ):
        result = runner.invoke(args=["users", *args])
        assert result.exit_code == 0, (args, result.output)
    result = runner.invoke(args=["users", "set-password", username], input="12345678\n12345678\n")
    assert result.exit_code != 0 and "至少 10 位" in result.output


def test_demo_gives_every_rostered_staff_member_an_account(app, users, center):
    from app.auth.demo import DEMO_PASSWORD as demo_password
    from app.auth.demo import roster_accounts

    users["window_staff"].staff_id = center["staff"][0].id  # already linked (like chuangkou)
    db.session.commit()
    assert roster_accounts() == 2
    assert roster_accounts() == 0  # idempotent
    for staff in center["staff"]:
        [user] = db.session.scalars(select(User).filter_by(staff_id=staff.id)).all()
        assert user.role == "window_staff"
        assert user.display_name == staff.name or user.id == users["window_staff"].id
    made = db.session.scalar(select(User).filter_by(staff_id=center["staff"][1].id))
    assert made.check_password(demo_password) and not made.must_change_password


def test_the_auditor_holds_no_permission_that_changes_anything():
    """审核员 "changes nothing" (issue 12): every permission of the role reads, views or exports.
    The one exception is the quality room's internal audit findings (ISO 9001 9.2: the 内审员 the
    quality manager appoints records findings), kept by that room's decision."""
    from app.auth.permissions import PERMISSIONS
    from app.auth.roles import AUDITOR

    reading = (
        ".view",
        ".query",
        ".export",
        ".view_drafts",
        ".track_reading",
        ".review_due",
        ".personal_data",
        ".evidence",
    )
    held = sorted(p for p, roles in PERMISSIONS.items() if AUDITOR in roles)
    assert [p for p in held if not p.endswith(reading)] == ["quality.audit"]
