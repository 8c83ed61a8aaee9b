"""Accounts for everyone on the roster: creation (one, one per staff member, a whole roster at once
with one-time initial passwords), the link to the staff record, role, disable / re-enable (never
delete), password reset and change. Every path that sets a password goes through `_set_password`
(the one policy). Each use case audits and flushes; the request or the CLI command commits."""

from dataclasses import dataclass

from flask import current_app

from ...audit.services import record
from ...core.timeutil import local_today, utcnow
from ...extensions import db
from ...kernel import DomainError, flush, require
from ..directory import StaffCard, staff_directory
from ..logic.passwords import initial_password, password_problem
from ..models import User
from ..roles import ADMIN, ALL_ROLES, ROLE_LABELS, WINDOW_STAFF


class AccountError(DomainError):
    """A refused account change; the message is shown to the user."""


@dataclass(frozen=True)
class IssuedAccount:
    """One line of the printable sheet: the initial password is shown once and never stored."""

    username: str
    display_name: str
    window_label: str
    role_label: str
    password: str


def _guard(actor) -> None:
    """`actor` None only on the command line (whoever runs it owns the server)."""
    if actor is not None:
        require(actor, "users.manage")


def _user(user_or_id) -> User:
    user = user_or_id if isinstance(user_or_id, User) else db.session.get(User, int(user_or_id))
    if user is None:
        raise AccountError("账号不存在。")
    return user


def check_password(password: str, username: str = "", display_name: str = "") -> None:
    problem = password_problem(password, username, display_name, demo=bool(current_app.config.get("HALLMARK_DEMO")))
    if problem:
        raise AccountError(problem)


def _set_password(user: User, password: str, must_change: bool) -> None:
    check_password(password, user.username, user.display_name)
    user.set_password(password)
    user.must_change_password = must_change
    user.password_changed_at = utcnow()
    user.end_sessions()


def _check_username(username: str) -> str:
    username = (username or "").strip()
    if not username or len(username) > 64 or any(ch.isspace() for ch in username):
        raise AccountError("用户名不能为空、不能含空格，最多 64 个字符。")
    if db.session.scalar(db.select(User.id).filter_by(username=username).execution_options(all_centers=True)):
        raise AccountError(f"用户名 {username} 已存在。")
    return username


def _check_staff_free(staff_id: int, except_user: User | None = None) -> StaffCard:
    card = staff_directory().card(int(staff_id), local_today())
    if card is None:
        raise AccountError("工作人员档案不存在。")
    holder = db.session.scalar(db.select(User).filter_by(staff_id=card.id))
    if holder is not None and holder is not except_user:
        raise AccountError(f"{card.name} 已有账号 {holder.username}，一人只设一个账号。")
    return card


def create_user(
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    actor=None,
    staff_id: int | None = None,
    must_change: bool = False,
) -> User:
    """Flushes; the request (or the CLI command) commits."""
    _guard(actor)
    if role not in ALL_ROLES:
        raise AccountError(f"未知角色：{role}")
    username = _check_username(username)
    if staff_id:
        _check_staff_free(staff_id)
    user = User(
        username=username,
        display_name=(display_name or username).strip(),
        role=role,
        staff_id=int(staff_id) if staff_id else None,
        session_epoch=0,
    )
    _set_password(user, password, must_change)
    db.session.add(user)
    db.session.flush()
    record(actor, "create", "user", user.id, {"username": username, "role": role, "staff_id": user.staff_id})
    flush()
    return user


def _username_for(card: StaffCard) -> str:
    base = f"yg{card.id:04d}"  # 员工 + the staff number: stable, typeable, no pinyin needed
    name, n = base, 1
    while db.session.scalar(db.select(User.id).filter_by(username=name).execution_options(all_centers=True)):
        n += 1
        name = f"{base}-{n}"
    return name


def create_for_staff(actor, staff_id: int, role: str = WINDOW_STAFF, username: str | None = None) -> IssuedAccount:
    """An account linked to the staff record, with a one-time initial password (must be changed)."""
    _guard(actor)
    card = _check_staff_free(staff_id)
    password = initial_password()
    user = create_user(
        username or _username_for(card), password, role, card.name, actor=actor, staff_id=card.id, must_change=True
    )
    return IssuedAccount(user.username, user.display_name, card.window_label, ROLE_LABELS[role], password)


def create_for_roster(actor, window_id: int | None = None, on=None) -> list[IssuedAccount]:
    """An account for every staff member on the roster on `on` (default today; one window or all)
    who has none yet. Returns the printable sheet's lines."""
    _guard(actor)
    on = on or local_today()
    linked = set(db.session.scalars(db.select(User.staff_id).where(User.staff_id.is_not(None))))
    issued = [
        create_for_staff(actor, card.id) for card in staff_directory().roster(on, window_id) if card.id not in linked
    ]
    record(
        actor, "create_for_roster", "user", None, {"window_id": window_id, "on": on.isoformat(), "count": len(issued)}
    )
    flush()
    return issued


def link_staff(actor, user_or_id, staff_id: int) -> User:
    _guard(actor)
    user = _user(user_or_id)
    card = _check_staff_free(staff_id, except_user=user)
    before = user.staff_id
    user.staff_id = card.id
    record(actor, "link_staff", "user", user.id, {"staff_id": card.id, "staff_name": card.name, "before": before})
    flush()
    return user


def unlink_staff(actor, user_or_id) -> User:
    _guard(actor)
    user = _user(user_or_id)
    if user.staff_id is None:
        raise AccountError("该账号没有关联工作人员档案。")
    before, user.staff_id = user.staff_id, None
    record(actor, "unlink_staff", "user", user.id, {"before": before})
    flush()
    return user


def _active_admins() -> int:
    return db.session.scalar(db.select(db.func.count(User.id)).where(User.role == ADMIN, User.active.is_(True))) or 0


def change_role(actor, user_or_id, role: str) -> User:
    _guard(actor)
    user = _user(user_or_id)
    if role not in ALL_ROLES:
        raise AccountError(f"未知角色：{role}")
    if actor is not None and user.id == actor.id:
        raise AccountError("不能修改自己的角色，请由另一位管理员操作。")
    if user.role == ADMIN and role != ADMIN and user.active and _active_admins() <= 1:
        raise AccountError("这是最后一个启用的系统管理员账号，不能改为其他角色。")
    if role == user.role:
        return user
    before, user.role = user.role, role
    user.end_sessions()  # pages and permissions follow the new role from the next sign-in
    record(actor, "change_role", "user", user.id, {"role": role, "before": before})
    flush()
    return user


def disable(actor, user_or_id, reason: str) -> User:
    """The account stays (and its trail); it can no longer sign in, and its sessions end now."""
    _guard(actor)
    user = _user(user_or_id)
    reason = (reason or "").strip()
    if not reason:
        raise AccountError("请填写停用原因。")
    if actor is not None and user.id == actor.id:
        raise AccountError("不能停用自己的账号。")
    if not user.active:
        raise AccountError("该账号已停用。")
    if user.role == ADMIN and _active_admins() <= 1:
        raise AccountError("这是最后一个启用的系统管理员账号，不能停用。")
    user.active = False
    user.disabled_at = utcnow()
    user.end_sessions()
    record(actor, "disable", "user", user.id, {"reason": reason})
    flush()
    return user


def enable(actor, user_or_id) -> User:
    _guard(actor)
    user = _user(user_or_id)
    if user.active:
        raise AccountError("该账号已是启用状态。")
    user.active = True
    user.disabled_at = None
    record(actor, "enable", "user", user.id, {})
    flush()
    return user


def reset_password(actor, user_or_id) -> IssuedAccount:
    """A one-time password for the person (shown once); they must choose their own at next sign-in."""
    _guard(actor)
    user = _user(user_or_id)
    password = initial_password()
    _set_password(user, password, must_change=True)
    record(actor, "reset_password", "user", user.id, {})
    flush()
    card = staff_directory().card(user.staff_id, local_today()) if user.staff_id else None
    return IssuedAccount(user.username, user.display_name, card.window_label if card else "", user.role_label, password)


def set_password(actor, user_or_id, password: str) -> User:
    """An administrator (or the CLI) sets a chosen password; the person must still change it."""
    _guard(actor)
    user = _user(user_or_id)
    _set_password(user, password, must_change=actor is not None)
    record(actor, "reset_password", "user", user.id, {"chosen": True})
    flush()
    return user


def change_own_password(user: User, current: str, new: str, confirm: str) -> User:
    """Ends every other session of the person (the page starts this one afresh)."""
    require(user, "account.view")
    if not current or not user.check_password(current):
        raise AccountError("当前密码不正确。")
    if new != confirm:
        raise AccountError("两次输入的新密码不一致。")
    if new == current:
        raise AccountError("新密码不能与当前密码相同。")
    _set_password(user, new, must_change=False)
    record(user, "change_password", "user", user.id, {})
    flush()
    return user
