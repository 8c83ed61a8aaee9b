"""Writing the red flags when a month is made final, and revoking them when it is reopened."""

from __future__ import annotations

from ...extensions import db
from ..logic import redflag
from ..models import AssessmentMonth, FlagAward
from ..queries.awards import period_result


def write_month_flags(month: AssessmentMonth, out: redflag.MonthOutcome) -> list[FlagAward]:
    by = out.by_window()
    flags = []
    for wid in out.flags:
        r = by[wid]
        flags.append(
            FlagAward(
                period="month",
                year=month.year,
                number=month.month,
                month_id=month.id,
                window_id=wid,
                window_name=r.row.name,
                rank=r.rank,
                score=r.row.total,
            )
        )
    db.session.add_all(flags)
    return flags


def write_period_flags(month: AssessmentMonth) -> None:
    """After a month is final: the quarter's flags when it closes a quarter (if the scheme has
    quarterly flags), the year's flags after December."""
    rules = month.scheme_version.scheme.red_flag
    specs = []
    if rules.quarterly and month.month % 3 == 0:
        q = month.month // 3
        specs.append(("quarter", q, [3 * q - 2, 3 * q - 1, 3 * q], False))
    if month.month == 12:
        specs.append(("year", 0, list(range(1, 13)), True))
    for period, number, months, annual in specs:
        exists = db.session.scalar(
            db.select(FlagAward.id).filter_by(period=period, year=month.year, number=number, revoked=False).limit(1)
        )
        if exists:
            continue
        rows = period_result(month.year, months, annual, rules)
        for r in rows or []:
            if r.flag:
                db.session.add(
                    FlagAward(
                        period=period,
                        year=month.year,
                        number=number,
                        window_id=r.window_id,
                        window_name=r.name,
                        rank=r.rank,
                        score=r.average,
                    )
                )


def revoke_flags(month: AssessmentMonth, reason: str) -> int:
    """A reopened month's flags (and the quarter/year flags built on it) are revoked, not deleted."""
    q = (
        db.select(FlagAward)
        .where(FlagAward.revoked.is_(False), FlagAward.year == month.year)
        .where(
            db.or_(
                FlagAward.month_id == month.id,
                db.and_(FlagAward.period == "quarter", FlagAward.number == (month.month + 2) // 3),
                FlagAward.period == "year",
            )
        )
    )
    n = 0
    for f in db.session.scalars(q):
        f.revoked, f.revoke_reason = True, reason
        n += 1
    return n
