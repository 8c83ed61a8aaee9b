"""Demo accounts of the 示范市行政服务中心 (invented names). Idempotent."""

import click

from ..core import demoprofile
from ..core.timeutil import local_today
from ..extensions import db
from .directory import staff_directory
from .logic.passwords import DEMO_PASSWORD  # published; refused by the password policy outside the demo
from .models import User
from .roles import ADMIN, AUDITOR, DOC_MANAGER, EVALUATOR, QUALITY_MANAGER, ROLE_LABELS, WINDOW_STAFF

# username, display name, role. Window staff usernames match staff in the records demo.
DEMO_USERS = [
    ("admin", "周立衡", ADMIN),  # 中心主任, approves documents
    ("wenjian", "林书瑶", DOC_MANAGER),  # 综合科, keeps the document register
    ("shenhe", "郑怀远", DOC_MANAGER),  # 督查科长, reviews documents
    ("kaoping", "韩若溪", EVALUATOR),
    ("kaoping2", "邵明川", EVALUATOR),
    ("chuangkou", "宋佳禾", WINDOW_STAFF),
    ("chuangkou2", "欧阳澄", WINDOW_STAFF),
    ("shenji", "钱素琴", AUDITOR),
    ("zhiliang", "贺文清", QUALITY_MANAGER),  # 质量负责人 (ISO 9001 5.3), runs the improvement loop
]


def load() -> None:
    profile = demoprofile.current()  # the city demo: each center's own logins and names
    for base, default_name, role in DEMO_USERS:
        username, name = profile.login(base), profile.name(base, default_name)
        if db.session.scalar(db.select(User).filter_by(username=username).execution_options(all_centers=True)):
            continue
        user = User(username=username, display_name=name, role=role)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
    db.session.commit()


def roster_accounts() -> int:
    """Every rostered staff member without an account gets one (窗口工作人员, username yg + staff
    number, the demo password), so 签阅 coverage, ballots and "who has not read" reach the whole
    hall. Called by the records demo once the roster exists. Idempotent."""
    linked = set(db.session.scalars(db.select(User.staff_id).where(User.staff_id.is_not(None))))
    made = 0
    for card in staff_directory().roster(local_today()):
        if card.id in linked:
            continue
        username = f"yg{card.id:04d}"
        if db.session.scalar(db.select(User.id).filter_by(username=username)):
            continue
        user = User(username=username, display_name=card.name, role=WINDOW_STAFF, staff_id=card.id)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        linked.add(card.id)
        made += 1
    db.session.commit()
    if made:
        click.echo(f"演示账号：为窗口人员名单上的 {made} 人各建了一个账号（用户名 yg+档案号，如 yg0003）。")
    return made


def print_logins() -> None:
    """Shown last by `flask demo load`, right before the server starts."""
    profile = demoprofile.current()
    click.echo("演示账号（密码均为 %s）：" % DEMO_PASSWORD)
    for base, name, role in DEMO_USERS:
        click.echo(f"  {profile.login(base):<12} {profile.name(base, name)}（{ROLE_LABELS[role]}）")
    others = db.session.scalar(db.select(db.func.count(User.id)).where(User.username.like("yg%"))) or 0
    if others:
        click.echo(f"  另有 {others} 个窗口人员账号（用户名 yg+四位档案号，同一密码），见“用户”页面。")
