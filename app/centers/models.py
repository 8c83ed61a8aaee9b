"""Centers (市 / 县 / 乡) and the mixin every center-owned model uses.

This module imports no other room: every room's models import `CenterOwned` from here."""

from sqlalchemy.orm import declared_attr

from ..extensions import db
from .logic.levels import LEVEL_LABELS


class Center(db.Model):
    __tablename__ = "centers"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(20), nullable=False, unique=True)  # short: e.g. 行政区划代码 or SZ-01
    name = db.Column(db.String(80), nullable=False)
    level = db.Column(db.String(10), nullable=False, default="city")  # city | county | township
    parent_id = db.Column(db.Integer, db.ForeignKey("centers.id"), nullable=True, index=True)
    row_version = db.Column(db.Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": row_version}

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    def __repr__(self) -> str:
        return f"<Center {self.code} {self.level}>"


def _default_center_id(context):
    """Column default of center_id: the current center (app/centers/context.py), read on the
    connection of the INSERT itself, so ORM flushes and Core inserts alike are filled."""
    from .context import current_center_id

    return current_center_id(connection=context.connection)


class CenterOwned:
    """A row that belongs to one center. Selects are scoped to the current center automatically
    (app/centers/scoping.py); new rows get the current center unless they say otherwise."""

    @declared_attr
    def center_id(cls):
        return db.Column(
            db.Integer,
            db.ForeignKey("centers.id"),
            nullable=False,
            index=True,
            default=_default_center_id,
        )
