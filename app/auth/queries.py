"""Reading accounts."""
from ..extensions import db
from .models import User


def all_users() -> list[User]:
    return db.session.scalars(db.select(User).order_by(User.role, User.username)).all()


def user_by_id(user_id) -> User | None:
    try:
        return db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
