"""Quality objectives (ISO 9001 6.2): set them, compute their monthly values from the records."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ...audit.services import record
from ...core.timeutil import local_today, utcnow
from ...extensions import db
from ...kernel import SAME_TRANSACTION
from .. import queries
from ..logic.objectives import MEASURES
from ..models import ObjectiveValue, QualityObjective
from .common import QualityError, check_version, flush, require


def create(user, name: str, measure: str, target: float, year: int, owner_id: int | None = None) -> QualityObjective:
    require(user, "quality.manage")
    if measure not in MEASURES:
        raise QualityError("请选择目标的测量指标。")
    try:
        target = float(target)
    except (TypeError, ValueError) as exc:
        raise QualityError("目标值应为数字（百分比）。") from exc
    if not 0 <= target <= 100:
        raise QualityError("目标值应在 0 到 100 之间。")
    if db.session.scalar(
        select(QualityObjective.id).where(QualityObjective.year == year, QualityObjective.measure == measure)
    ):
        raise QualityError(f"{year} 年已有“{MEASURES[measure][0]}”目标。")
    o = QualityObjective(
        name=(name or MEASURES[measure][0]).strip(),
        measure=measure,
        target=target,
        year=year,
        owner_id=owner_id or user.id,
        higher_is_better=MEASURES[measure][2],
    )
    db.session.add(o)
    flush()
    record(
        user, "create", "quality_objective", o.id, {"name": o.name, "measure": measure, "target": target, "year": year}
    )
    return o


def update_target(user, o: QualityObjective, target: float, row_version=SAME_TRANSACTION) -> QualityObjective:
    require(user, "quality.manage")
    check_version(o, row_version)
    old, o.target = o.target, float(target)
    flush()
    record(user, "update", "quality_objective", o.id, {"target": [old, o.target]})
    return o


def refresh(user, year: int, today: date | None = None) -> int:
    """Recompute the monthly values of the year's objectives from the records (months up to today)."""
    require(user, "quality.manage")
    today = today or local_today()
    objectives = db.session.scalars(select(QualityObjective).where(QualityObjective.year == year)).all()
    n = 0
    for o in objectives:
        by_month = queries.measure_by_month(o.measure, year)
        stored = {(v.year, v.month): v for v in o.values}
        for month in range(1, 13):
            if date(year, month, 1) > today:
                break
            mv = by_month.get(month)
            num, den = (mv.numerator, mv.denominator) if mv else (0, 0)
            value = mv.value if mv else None
            row = stored.get((year, month))
            if row is None:
                row = ObjectiveValue(objective_id=o.id, year=year, month=month)
                db.session.add(row)
                o.values.append(row)
            row.numerator, row.denominator, row.value, row.computed_at = num, den, value, utcnow()
            n += 1
    flush()
    record(user, "compute", "quality_objective", None, {"year": year, "values": n})
    return n
