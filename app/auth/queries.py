"""Reading accounts."""
from ..extensions import db
from .models import User


def all_users() -> list[User]:
    return db.session.scalars(db.select(User).order_by(User.role, User.username)).all()
