"""Read-only queries of the quality room: what the records say (for proposals, objectives,
effectiveness checks and management review inputs) and the lists the pages show."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, extract, func, or_, select

from ..extensions import db
from ..records.models import Case, Complaint, Rating, Window
from .logic import proposals as pr
from .logic.objectives import MonthValue
from .logic.vocab import CLOSED, VOIDED
from .models import Audit, ChecklistItem, NcStep, Nonconformity, NcProposal, QualityObjective

OPEN_STATES = ("correction", "root_cause", "action", "verification", "effectiveness", "closure")


def window_labels() -> dict[int, str]:
    return {w.id: w.label for w in db.session.scalars(select(Window))}


# ------------------------------------------------------------------ facts from the records
def red_case_pairs(first: date, last: date, today: date, window_id: int | None = None):
    """(window_id, due_on) of cases that went red between first and last (the day after due_on)."""
    last_seen = min(last, today)
    stmt = select(Case.window_id, Case.due_on).where(
        Case.voided_at.is_(None), Case.due_on.between(first - timedelta(days=1), last_seen - timedelta(days=1)),
        or_(Case.completed_on.is_(None), Case.completed_on > Case.due_on))
    if window_id is not None:
        stmt = stmt.where(Case.window_id == window_id)
    return db.session.execute(stmt).all()


def complaint_rows(first: date, last: date):
    return db.session.execute(select(Complaint.id, Complaint.number, Complaint.window_id, Complaint.received_on,
                                     Complaint.content, Complaint.valid)
                              .where(Complaint.voided_at.is_(None), Complaint.valid.is_(True),
                                     Complaint.received_on.between(first, last))).all()


def rating_rows(first: date, last: date):
    return db.session.execute(select(Rating.id, Rating.window_id, Rating.rated_on, Rating.grade, Rating.upheld,
                                     Rating.rectify_due_on, Rating.rectified_on)
                              .where(Rating.voided_at.is_(None), Rating.upheld.is_(True),
                                     Rating.rated_on.between(first, last))).all()


def finding_rows(first: date, last: date):
    rows = db.session.execute(select(Audit.id, Audit.number, Audit.performed_on, ChecklistItem.clause,
                                     ChecklistItem.window_id, ChecklistItem.place, ChecklistItem.finding)
                              .join(ChecklistItem, ChecklistItem.audit_id == Audit.id)
                              .where(Audit.performed_on.between(first, last), ChecklistItem.finding.isnot(None))).all()
    return [(a, n, on, clause, str(wid or place or ""), place, f) for a, n, on, clause, wid, place, f in rows]


def objective_rows(year: int):
    out = []
    for o in db.session.scalars(select(QualityObjective).where(QualityObjective.year == year,
                                                               QualityObjective.active.is_(True))):
        out.append((o.id, o.name, o.target, o.higher_is_better, [(v.year, v.month, v.value) for v in o.values]))
    return out


def proposals_from_records(first: date, last: date, today: date, t: pr.Thresholds = pr.Thresholds()) -> list[pr.Proposal]:
    """Every proposal the records of [first, last] support (keys already stored are left to the service)."""
    labels = window_labels()
    found = pr.from_red_lights(pr.red_light_months(red_case_pairs(first, last, today)), labels, t)
    found += pr.from_complaints(complaint_rows(first, last), labels)
    found += pr.from_ratings(rating_rows(first, last), labels, today)
    found += pr.from_findings(finding_rows(date(first.year - 1, 1, 1), last), t)
    for year in range(first.year, last.year + 1):
        found += pr.from_objectives(objective_rows(year), t)
    return found


def recurrences(nc: Nonconformity, first: date, last: date, today: date) -> tuple[int, str]:
    """Did the cause recur between first and last? (count, what was counted, in Chinese) — the
    records the nonconformity came from, at the same place."""
    wid = nc.window_id
    if nc.source == "complaint":
        n = db.session.scalar(select(func.count()).select_from(Complaint).where(
            Complaint.voided_at.is_(None), Complaint.valid.is_(True), Complaint.received_on.between(first, last),
            *( [Complaint.window_id == wid] if wid else [])))
        return n or 0, "同一窗口属实的效能投诉"
    if nc.source == "rating":
        rows = [r for r in rating_rows(first, last) if not wid or r[1] == wid]
        late = pr.from_ratings(rows, {}, today)
        return len(late), "同一窗口未按期整改的差评"
    if nc.source == "red_light":
        months = pr.red_light_months(red_case_pairs(first, last, today, wid))
        n = sum(1 for v in months.values() if v >= pr.Thresholds().red_lights_per_month)
        return n, "红灯办件达到阈值的月份"
    stmt = select(func.count()).select_from(Nonconformity).where(
        Nonconformity.id != nc.id, Nonconformity.found_on.between(first, last), Nonconformity.state != VOIDED)
    if nc.iso_clause:
        stmt = stmt.where(Nonconformity.iso_clause == nc.iso_clause)
    if wid:
        stmt = stmt.where(Nonconformity.window_id == wid)
    return db.session.scalar(stmt) or 0, "同一地点、同一条款新发生的不合格"


def similar_ncs(nc: Nonconformity):
    from .logic.similar import NcFacts, similar

    def facts(x):
        return NcFacts(x.id, x.number, x.window_id, x.department_id, x.iso_clause, x.rule_ref,
                       f"{x.title} {x.description}")

    cands = db.session.scalars(select(Nonconformity).where(
        Nonconformity.state != VOIDED, Nonconformity.id != nc.id,
        or_(Nonconformity.window_id == nc.window_id, Nonconformity.iso_clause == nc.iso_clause,
            Nonconformity.department_id == nc.department_id)).order_by(Nonconformity.id.desc()).limit(300)).all()
    return similar(facts(nc), [facts(c) for c in cands])


# ------------------------------------------------------------------ objectives
def _month_key(col):
    return extract("year", col), extract("month", col)


def measure_by_month(measure: str, year: int) -> dict[int, MonthValue]:
    """{month: MonthValue} of one measure over a year, in one grouped query."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if measure == "on_time_rate":
        y, m = _month_key(Case.completed_on)
        stmt = (select(m, func.coalesce(func.sum(case((Case.completed_on <= Case.due_on, 1), else_=0)), 0), func.count())
                .where(Case.completed_on.between(first, last), Case.state != "withdrawn", Case.voided_at.is_(None))
                .group_by(m))
    elif measure == "instant_share":
        y, m = _month_key(Case.received_on)
        stmt = (select(m, func.coalesce(func.sum(case((Case.is_instant.is_(True), 1), else_=0)), 0), func.count())
                .where(Case.received_on.between(first, last), Case.voided_at.is_(None)).group_by(m))
    elif measure == "satisfaction":
        y, m = _month_key(Rating.rated_on)
        stmt = (select(m, func.coalesce(func.sum(case((Rating.grade >= 3, 1), else_=0)), 0), func.count())
                .where(Rating.rated_on.between(first, last), Rating.voided_at.is_(None)).group_by(m))
    elif measure == "complaint_on_time":
        y, m = _month_key(Complaint.deadline_on)
        stmt = (select(m, func.coalesce(func.sum(case((Complaint.replied_on <= Complaint.deadline_on, 1), else_=0)), 0),
                       func.count())
                .where(Complaint.deadline_on.between(first, last), Complaint.voided_at.is_(None)).group_by(m))
    else:
        raise KeyError(measure)
    return {int(month): MonthValue(year, int(month), int(num or 0), int(den or 0))
            for month, num, den in db.session.execute(stmt)}


# ------------------------------------------------------------------ lists and dashboard
def nc_page(page: int = 1, per_page: int = 50, state: str = "", source: str = "", q: str = "", window_id=None):
    """One page of the nonconformity register, newest first (an index on state, found_on)."""
    stmt = select(Nonconformity)
    if state == "open":
        stmt = stmt.where(Nonconformity.state.in_(OPEN_STATES))
    elif state:
        stmt = stmt.where(Nonconformity.state == state)
    if source:
        stmt = stmt.where(Nonconformity.source == source)
    if window_id:
        stmt = stmt.where(Nonconformity.window_id == window_id)
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where(or_(Nonconformity.number.like(like), Nonconformity.title.like(like)))
    return db.paginate(stmt.order_by(Nonconformity.found_on.desc(), Nonconformity.id.desc()),
                       page=page, per_page=per_page, error_out=False)


def current_steps(nc_ids) -> dict[int, NcStep]:
    if not nc_ids:
        return {}
    rows = db.session.scalars(select(NcStep).where(NcStep.nc_id.in_(list(nc_ids)), NcStep.done_on.is_(None)))
    return {s.nc_id: s for s in rows}


def pending_proposals():
    return db.session.scalars(select(NcProposal).where(NcProposal.status == "pending")
                              .order_by(NcProposal.found_on.desc(), NcProposal.id.desc())).all()


def overdue_steps(today: date, owner_id: int | None = None):
    stmt = (select(NcStep).join(Nonconformity).where(NcStep.done_on.is_(None), NcStep.due_on < today,
                                                     Nonconformity.state.in_(OPEN_STATES)))
    if owner_id is not None:
        stmt = stmt.where(NcStep.owner_id == owner_id)
    return db.session.scalars(stmt.order_by(NcStep.due_on)).all()


def open_by_age_and_source(today: date) -> tuple[list[str], dict[str, list[int]]]:
    """Open nonconformities by source and age band (≤ 30, 31–90, > 90 days)."""
    bands = ["30天以内", "31–90天", "90天以上"]
    out: dict[str, list[int]] = {}
    for source, found in db.session.execute(select(Nonconformity.source, Nonconformity.found_on)
                                            .where(Nonconformity.state.in_(OPEN_STATES))):
        age = (today - found).days
        i = 0 if age <= 30 else 1 if age <= 90 else 2
        out.setdefault(source, [0, 0, 0])[i] += 1
    return bands, out


def state_counts() -> dict[str, int]:
    return dict(db.session.execute(select(Nonconformity.state, func.count()).group_by(Nonconformity.state)).all())


def closed_count(first: date, last: date) -> int:
    return db.session.scalar(select(func.count()).select_from(Nonconformity).where(
        Nonconformity.state == CLOSED, Nonconformity.closed_on.between(first, last))) or 0


def get_or_404(model, object_id: int):
    """One row of this room or a 404 page."""
    return db.get_or_404(model, object_id)


def active_users():
    from ..auth.models import User

    return db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.display_name)).all()


def objectives_of_year(year: int) -> list[QualityObjective]:
    return db.session.scalars(select(QualityObjective).where(QualityObjective.year == year)
                              .order_by(QualityObjective.id)).all()
