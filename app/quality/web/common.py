"""What the quality views share: the refusal types and small request parsers."""
from datetime import date

from flask import request

from ..services.common import QualityError

REFUSALS = (QualityError,)


def form_date(name: str) -> date | None:
    value = (request.form.get(name) or "").strip()
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def form_int(name: str) -> int | None:
    value = (request.form.get(name) or "").strip()
    return int(value) if value.isdigit() else None


def users_for_select():
    from sqlalchemy import select

    from ...auth.models import User
    from ...extensions import db

    return db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.display_name)).all()
