"""Demo accounts of the 示范市行政服务中心 (invented names). Idempotent."""
import click

from ..extensions import db
from .models import User
from .roles import ADMIN, AUDITOR, DOC_MANAGER, EVALUATOR, ROLE_LABELS, WINDOW_STAFF

DEMO_PASSWORD = "hallmark2026"

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
]


def load() -> None:
    for username, name, role in DEMO_USERS:
        if db.session.scalar(db.select(User).filter_by(username=username)):
            continue
        user = User(username=username, display_name=name, role=role)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
    db.session.commit()


def print_logins() -> None:
    """Shown last by `flask demo load`, right before the server starts."""
    click.echo("演示账号（密码均为 %s）：" % DEMO_PASSWORD)
    for username, name, role in DEMO_USERS:
        click.echo(f"  {username:<12} {name}（{ROLE_LABELS[role]}）")
