"""Read-only: the year's 服务标兵 (exemplar) cycles read from the database and rolled up by the pure annual module."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...extensions import db
from ..logic import annual
from ..logic.schemes import ExemplarRules
from ..models import AssessmentMonth, ExemplarCycle
from . import exemplars as mc
from . import records as sources


@dataclass
class AnnualView:
    year: int
    rows: list[annual.AnnualRow]
    final_cycles: list[ExemplarCycle]
    open_cycles: list[ExemplarCycle]  # not yet final: left out of the roll-up
    staff_on_duty: int
    windows: int
    quota: int
    year_over: bool

    @property
    def decided(self) -> bool:
        """第五条: decided in the January after the year, on final results only."""
        return self.year_over and not self.open_cycles and bool(self.final_cycles)

    @property
    def selected(self) -> list[annual.AnnualRow]:
        return [r for r in self.rows if r.selected]


def _order(c: ExemplarCycle) -> int:
    return (3 * c.number) if c.kind == "quarter" else c.number


def year_score(staff: sources.StaffInfo | None, staff_id: int, year: int) -> float | None:
    """全年考核成绩: the average of the person's monthly personal scores over the assessed months."""
    months = list(
        db.session.scalars(db.select(AssessmentMonth.month).filter_by(year=year).order_by(AssessmentMonth.month))
    )
    if not months:
        return None
    chief = staff.window_id if staff is not None and staff.is_chief_rep else None
    scores = [mc.personal_score(staff_id, "month", year, m, chief)[0] for m in months]
    return round(sum(scores) / len(scores), 2)


def year_view(year: int, today: date) -> AnnualView:
    cycles = list(db.session.scalars(db.select(ExemplarCycle).filter_by(year=year)))
    final = sorted((c for c in cycles if c.status == mc.FINAL), key=_order)
    open_ = sorted((c for c in cycles if c.status != mc.FINAL), key=_order)
    results = []
    for c in final:
        voters = mc.voters(c)
        for n in c.nominations:
            if n.withdrawn:
                continue
            ballot = round(100.0 * (n.votes or 0) / voters, 2) if voters else 0.0
            results.append(
                annual.PeriodResult(
                    c.label,
                    _order(c),
                    n.staff_id,
                    n.staff_name,
                    n.window_id,
                    n.window_name,
                    n.selected,
                    n.combined or 0.0,
                    ballot,
                )
            )
    rules = mc.rules_for(final[-1]) if final else ExemplarRules()
    on_duty = {s.id: s for s in sources.staff_on_duty(date(year, 12, 31))}
    facts = {}
    for sid in {r.staff_id for r in results if r.selected}:
        p = sources.staff_period(sid, date(year, 1, 1), date(year, 12, 31))
        facts[sid] = annual.YearFacts(year_score(on_duty.get(sid), sid, year), p.late_year)
    staff_n = final[-1].staff_on_duty if final else 0
    windows = final[-1].window_count if final else 0
    rows = annual.roll_up(results, facts, rules, staff_n, windows)
    return AnnualView(
        year, rows, final, open_, staff_n, windows, annual.annual_quota(staff_n, windows, rules), today.year > year
    )
