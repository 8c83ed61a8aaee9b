"""Collision-free running numbers (办件编号, 投诉编号 …) from a sequence table.

`count + 1` hands two concurrent writers the same number and one of them fails on the unique
constraint. Here each name (usually the number's prefix, e.g. ``BJ20260603``) has one row; taking a
number is one ``UPDATE … SET value = value + 1 RETURNING value``, which holds the row (PostgreSQL) or
the database's write lock (SQLite) until the transaction ends, so no two transactions ever get the
same value. The row is created on first use (``INSERT … ON CONFLICT DO NOTHING``) starting from the
highest number already issued with that prefix, so numbers written before the table existed (demo,
imports) are never reissued; a candidate that is already taken (an explicit number) is skipped.

Numbers are per center (issue 13): the row's name is ``<center id>:<prefix>`` and the numbers already
issued are read in the current center (the column's table is center-owned, so the reads are scoped),
so two counties both number their cases BJ20260603001, … without touching each other.
"""

from __future__ import annotations

from sqlalchemy import func, select, update

from ..extensions import db
from . import scope


class NumberSequence(db.Model):
    __tablename__ = "number_sequences"

    name = db.Column(db.String(80), primary_key=True)
    value = db.Column(db.Integer, nullable=False, default=0)


def _insert_ignoring_conflict(name: str, value: int) -> None:
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    db.session.execute(insert(NumberSequence).values(name=name, value=value).on_conflict_do_nothing())


def _highest_issued(column, prefix: str) -> int:
    numbers = db.session.scalars(select(column).where(column.like(prefix + "%"))).all()
    tails = [n[len(prefix) :] for n in numbers]
    return max((int(t) for t in tails if t.isdigit()), default=0)


def _sequence_name(prefix: str) -> str:
    center_id = scope.current_center_id()
    if center_id is None:
        raise RuntimeError("number sequences need the centers room set up (app/centers/wiring.py)")
    return f"{center_id}:{prefix}"


def next_number(column, prefix: str, width: int) -> str:
    """The next free number ``prefix + zero-padded value`` for the string `column`, unique in the
    current center."""
    name = _sequence_name(prefix)
    with db.session.no_autoflush:
        _insert_ignoring_conflict(name, _highest_issued(column, prefix))
        for _ in range(1000):
            value = db.session.execute(
                update(NumberSequence)
                .where(NumberSequence.name == name)
                .values(value=NumberSequence.value + 1)
                .returning(NumberSequence.value)
                .execution_options(synchronize_session=False)
            ).scalar_one()
            candidate = f"{prefix}{value:0{width}d}"
            if db.session.scalar(select(func.count()).where(column == candidate)) == 0:
                return candidate
            # taken by a number given explicitly: jump past the highest one issued
            highest = _highest_issued(column, prefix)
            db.session.execute(
                update(NumberSequence)
                .where(NumberSequence.name == name, NumberSequence.value < highest)
                .values(value=highest)
                .execution_options(synchronize_session=False)
            )
    raise RuntimeError(f"no free number for {prefix}")
