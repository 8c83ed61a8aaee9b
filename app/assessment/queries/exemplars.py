"""Read-only: 服务标兵 (exemplar) cycles: the rules in force for a period, people on duty, their
facts and personal scores from the records and the monthly scoring, turnout and the results."""

from __future__ import annotations

import calendar
from datetime import date

from ...extensions import db
from ..logic import scoring, selection
from ..logic.schemes import ExemplarRules
from ..models import (
    ACCEPTED,
    PENDING,
    Appeal,
    AssessmentMonth,
    ExemplarCycle,
    ScoreEntry,
    ScoreSheet,
    VoterReceipt,
)
from . import records as sources
from .scheme_versions import scheme_version_in_force

NOMINATING, VOTING, SCORING, PUBLICITY, FINAL = "nominating", "voting", "scoring", "publicity", "final"
CYCLE_LABELS = {
    NOMINATING: "提名中",
    VOTING: "民主测评投票中",
    SCORING: "综合评分中",
    PUBLICITY: "公示中",
    FINAL: "已定稿",
}


def period(kind: str, year: int, number: int) -> tuple[date, date, list[int]]:
    if kind == "quarter":
        months = [3 * number - 2, 3 * number - 1, 3 * number]
    else:
        months = [number]
    return date(year, months[0], 1), date(year, months[-1], calendar.monthrange(year, months[-1])[1]), months


def rules_for(cycle: ExemplarCycle) -> ExemplarRules:
    sv = scheme_version_in_force(period(cycle.kind, cycle.year, cycle.number)[0])
    return sv.scheme.exemplars if sv is not None else ExemplarRules()


def personal_score(staff_id: int, kind: str, year: int, number: int, chief_of: int | None = None) -> tuple[float, bool]:
    """Average of the person's own monthly scores over the period's assessed months (entries
    naming them, scored by each month's scheme); (100, True) when nothing names them. For a
    首席代表 (`chief_of` = their window) under a scheme with a half-charge, the window's
    deductions are also charged at that share."""
    _s, _e, months = period(kind, year, number)
    scores = []
    for m in db.session.scalars(
        db.select(AssessmentMonth).where(AssessmentMonth.year == year, AssessmentMonth.month.in_(months))
    ):
        entries = db.session.scalars(
            db.select(ScoreEntry)
            .join(ScoreSheet)
            .where(ScoreSheet.month_id == m.id, ScoreEntry.staff_id == staff_id, ScoreEntry.status == ACCEPTED)
        ).all()
        scheme = m.scheme_version.scheme
        res = scoring.score_sheet(
            scheme, [scoring.Entry(e.item_code, e.count, e.points, e.id, e.staff_id) for e in entries]
        )
        total = min(res.total, scheme.base)
        if chief_of is not None and scheme.chief_rep_share:
            window_deductions = db.session.scalar(
                db.select(ScoreSheet.deductions).filter_by(month_id=m.id, window_id=chief_of)
            )
            total = max(0.0, total - round((window_deductions or 0) * scheme.chief_rep_share, 2))
        scores.append(total)
    if not scores:
        return 100.0, True
    avg = round(sum(scores) / len(scores), 2)
    return avg, avg >= 100.0


def facts_for(cycle: ExemplarCycle, staff: sources.StaffInfo) -> tuple[selection.StaffFacts, float]:
    start, end, _ = period(cycle.kind, cycle.year, cycle.number)
    p = sources.staff_period(staff.id, start, end)
    score, full = personal_score(
        staff.id, cycle.kind, cycle.year, cycle.number, staff.window_id if staff.is_chief_rep else None
    )
    # Public rating: the average grade × 20; no rating at all counts as 基本满意 (3 → 60).
    public = round(sum(p.ratings) / len(p.ratings) * 20, 2) if p.ratings else 60.0
    facts = selection.StaffFacts(
        staff.id, staff.name, staff.window_id, score, full, p.valid_complaints, p.absences, p.late, p.late_year
    )
    return facts, public


def candidates_on_duty(cycle: ExemplarCycle) -> list[sources.StaffInfo]:
    start = period(cycle.kind, cycle.year, cycle.number)[0]
    return sources.staff_on_duty(start)


def candidate_choices(cycle: ExemplarCycle) -> dict:
    """The nomination dropdown: candidates grouped by window (<optgroup>, windows in number order;
    issue 14: 60 names without their window)."""
    groups: dict = {}
    for s in candidates_on_duty(cycle):
        groups.setdefault(s.window_id, []).append((s.id, s.name))
    infos = {w: sources.window_info(w) for w in groups}
    order = sorted(groups, key=lambda w: (len(infos[w].number), infos[w].number) if infos[w] else (99, ""))
    return {(infos[w].name if infos[w] else "未在窗口"): groups[w] for w in order}


def voters(cycle: ExemplarCycle) -> int:
    return db.session.scalar(db.select(db.func.count(VoterReceipt.id)).filter_by(cycle_id=cycle.id)) or 0


def has_voted(user, cycle: ExemplarCycle) -> bool:
    return db.session.scalar(db.select(VoterReceipt.id).filter_by(cycle_id=cycle.id, user_id=user.id)) is not None


def choices_allowed(cycle: ExemplarCycle) -> int:
    return max(1, selection.quota(cycle.staff_on_duty, cycle.window_count, rules_for(cycle)))


def results(cycle: ExemplarCycle, rules: ExemplarRules | None = None) -> list[selection.Candidate]:
    rules = rules or rules_for(cycle)
    cands = [
        selection.Candidate(
            n.id,
            n.staff_id,
            n.staff_name,
            n.window_id,
            n.monthly_score,
            n.votes or 0,
            n.public_score,
            n.leader_score or 0.0,
            [r for r in n.ineligible.split("；") if r],
        )
        for n in cycle.nominations
        if not n.withdrawn
    ]
    return selection.combine(cands, voters(cycle), rules, cycle.staff_on_duty, cycle.window_count)


def cycles_desc() -> list[ExemplarCycle]:
    return list(
        db.session.scalars(
            db.select(ExemplarCycle).order_by(
                ExemplarCycle.year.desc(), ExemplarCycle.kind, ExemplarCycle.number.desc()
            )
        )
    )


def pending_appeals(cycle_id: int) -> int:
    return (
        db.session.scalar(
            db.select(db.func.count(Appeal.id)).where(Appeal.cycle_id == cycle_id, Appeal.status == PENDING)
        )
        or 0
    )


def cycle_appeals(cycle: ExemplarCycle) -> list[Appeal]:
    return list(db.session.scalars(db.select(Appeal).filter_by(cycle_id=cycle.id).order_by(Appeal.id)))
