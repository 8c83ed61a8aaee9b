"""Read-only queries of the quality room: what the records say (for proposals, objectives,
effectiveness checks and management review inputs) and the lists the pages show."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import case, extract, func, or_, select, true

from ..extensions import db
from ..records.models import Case, Complaint, Rating, Window
from .logic import proposals as pr
from .logic.objectives import MonthValue
from .logic.vocab import CLOSED, VOIDED
from .models import Audit, ChecklistItem, NcProposal, NcStep, Nonconformity, QualityObjective

# Sections of a procedure that say what it is, not what is done: no checklist question for them.
NOT_AUDITED_SECTIONS = {
    "目的",
    "范围",
    "适用范围",
    "术语和定义",
    "定义",
    "引用文件",
    "相关文件",
    "记录",
    "附录",
    "附件",
}
OPEN_STATES = ("correction", "root_cause", "action", "verification", "effectiveness", "closure")


def window_labels() -> dict[int, str]:
    return {w.id: w.label for w in db.session.scalars(select(Window))}


# ------------------------------------------------------------------ facts from the records
def red_case_pairs(first: date, last: date, today: date, window_id: int | None = None):
    """(window_id, due_on) of cases that went red between first and last (the day after due_on)."""
    last_seen = min(last, today)
    stmt = select(Case.window_id, Case.due_on).where(
        Case.voided_at.is_(None),
        Case.due_on.between(first - timedelta(days=1), last_seen - timedelta(days=1)),
        or_(Case.completed_on.is_(None), Case.completed_on > Case.due_on),
    )
    if window_id is not None:
        stmt = stmt.where(Case.window_id == window_id)
    return db.session.execute(stmt).all()


def complaint_rows(first: date, last: date):
    return db.session.execute(
        select(
            Complaint.id,
            Complaint.number,
            Complaint.window_id,
            Complaint.received_on,
            Complaint.content,
            Complaint.valid,
        ).where(Complaint.voided_at.is_(None), Complaint.valid.is_(True), Complaint.received_on.between(first, last))
    ).all()


def rating_rows(first: date, last: date):
    return db.session.execute(
        select(
            Rating.id,
            Rating.window_id,
            Rating.rated_on,
            Rating.grade,
            Rating.upheld,
            Rating.rectify_due_on,
            Rating.rectified_on,
        ).where(Rating.voided_at.is_(None), Rating.upheld.is_(True), Rating.rated_on.between(first, last))
    ).all()


def finding_rows(first: date, last: date):
    rows = db.session.execute(
        select(
            Audit.id,
            Audit.number,
            Audit.performed_on,
            ChecklistItem.clause,
            ChecklistItem.window_id,
            ChecklistItem.place,
            ChecklistItem.finding,
        )
        .join(ChecklistItem, ChecklistItem.audit_id == Audit.id)
        .where(Audit.performed_on.between(first, last), ChecklistItem.finding.isnot(None))
    ).all()
    return [(a, n, on, clause, str(wid or place or ""), place, f) for a, n, on, clause, wid, place, f in rows]


def objective_rows(year: int):
    out = []
    for o in db.session.scalars(
        select(QualityObjective).where(QualityObjective.year == year, QualityObjective.active.is_(True))
    ):
        out.append((o.id, o.name, o.target, o.higher_is_better, [(v.year, v.month, v.value) for v in o.values]))
    return out


def proposals_from_records(
    first: date, last: date, today: date, t: pr.Thresholds = pr.Thresholds()
) -> list[pr.Proposal]:
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
        n = db.session.scalar(
            select(func.count())
            .select_from(Complaint)
            .where(
                Complaint.voided_at.is_(None),
                Complaint.valid.is_(True),
                Complaint.received_on.between(first, last),
                *([Complaint.window_id == wid] if wid else []),
            )
        )
        return n or 0, "同一窗口属实的效能投诉"
    if nc.source == "rating":
        rows = [r for r in rating_rows(first, last) if not wid or r[1] == wid]
        late = pr.from_ratings(rows, {}, today)
        return len(late), "同一窗口未按期整改的差评"
    if nc.source == "red_light":
        months = pr.red_light_months(red_case_pairs(first, last, today, wid))
        n = sum(1 for v in months.values() if v >= pr.Thresholds().red_lights_per_month)
        return n, "红灯办件达到阈值的月份"
    stmt = (
        select(func.count())
        .select_from(Nonconformity)
        .where(Nonconformity.id != nc.id, Nonconformity.found_on.between(first, last), Nonconformity.state != VOIDED)
    )
    if nc.iso_clause:
        stmt = stmt.where(Nonconformity.iso_clause == nc.iso_clause)
    if wid:
        stmt = stmt.where(Nonconformity.window_id == wid)
    return db.session.scalar(stmt) or 0, "同一地点、同一条款新发生的不合格"


def similar_ncs(nc: Nonconformity):
    from .logic.similar import NcFacts, similar

    def facts(x):
        return NcFacts(
            x.id, x.number, x.window_id, x.department_id, x.iso_clause, x.rule_ref, f"{x.title} {x.description}"
        )

    cands = db.session.scalars(
        select(Nonconformity)
        .where(
            Nonconformity.state != VOIDED,
            Nonconformity.id != nc.id,
            or_(
                Nonconformity.window_id == nc.window_id,
                Nonconformity.iso_clause == nc.iso_clause,
                Nonconformity.department_id == nc.department_id,
            ),
        )
        .order_by(Nonconformity.id.desc())
        .limit(300)
    ).all()
    return similar(facts(nc), [facts(c) for c in cands])


# ------------------------------------------------------------------ objectives
def _month_key(col):
    return extract("year", col), extract("month", col)


def measure_by_month(measure: str, year: int) -> dict[int, MonthValue]:
    """{month: MonthValue} of one measure over a year, in one grouped query."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if measure == "on_time_rate":
        y, m = _month_key(Case.completed_on)
        stmt = (
            select(m, func.coalesce(func.sum(case((Case.completed_on <= Case.due_on, 1), else_=0)), 0), func.count())
            .where(Case.completed_on.between(first, last), Case.state != "withdrawn", Case.voided_at.is_(None))
            .group_by(m)
        )
    elif measure == "instant_share":
        y, m = _month_key(Case.received_on)
        stmt = (
            select(m, func.coalesce(func.sum(case((Case.is_instant.is_(True), 1), else_=0)), 0), func.count())
            .where(Case.received_on.between(first, last), Case.voided_at.is_(None))
            .group_by(m)
        )
    elif measure == "satisfaction":
        y, m = _month_key(Rating.rated_on)
        stmt = (
            select(m, func.coalesce(func.sum(case((Rating.grade >= 3, 1), else_=0)), 0), func.count())
            .where(Rating.rated_on.between(first, last), Rating.voided_at.is_(None), Rating.excluded_kind.is_(None))
            .group_by(m)
        )  # 误评/恶意差评 excluded (GB/T 39735)
    elif measure == "rectify_rate":  # 差评整改率: upheld 差评 due in the month, rectified by their deadline
        y, m = _month_key(Rating.rectify_due_on)
        stmt = (
            select(
                m,
                func.coalesce(func.sum(case((Rating.rectified_on <= Rating.rectify_due_on, 1), else_=0)), 0),
                func.count(),
            )
            .where(Rating.rectify_due_on.between(first, last), Rating.upheld.is_(True), Rating.voided_at.is_(None))
            .group_by(m)
        )
    elif measure == "complaint_on_time":
        y, m = _month_key(Complaint.deadline_on)
        stmt = (
            select(
                m,
                func.coalesce(func.sum(case((Complaint.replied_on <= Complaint.deadline_on, 1), else_=0)), 0),
                func.count(),
            )
            .where(Complaint.deadline_on.between(first, last), Complaint.voided_at.is_(None))
            .group_by(m)
        )
    else:
        raise KeyError(measure)
    return {
        int(month): MonthValue(year, int(month), int(num or 0), int(den or 0))
        for month, num, den in db.session.execute(stmt)
    }


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
    return db.paginate(
        stmt.order_by(Nonconformity.found_on.desc(), Nonconformity.id.desc()),
        page=page,
        per_page=per_page,
        error_out=False,
    )


def current_steps(nc_ids) -> dict[int, NcStep]:
    if not nc_ids:
        return {}
    rows = db.session.scalars(select(NcStep).where(NcStep.nc_id.in_(list(nc_ids)), NcStep.done_on.is_(None)))
    return {s.nc_id: s for s in rows}


def pending_proposals():
    return db.session.scalars(
        select(NcProposal)
        .where(NcProposal.status == "pending")
        .order_by(NcProposal.found_on.desc(), NcProposal.id.desc())
    ).all()


def overdue_steps(today: date, owner_id: int | None = None):
    stmt = (
        select(NcStep)
        .join(Nonconformity)
        .where(NcStep.done_on.is_(None), NcStep.due_on < today, Nonconformity.state.in_(OPEN_STATES))
    )
    if owner_id is not None:
        stmt = stmt.where(NcStep.owner_id == owner_id)
    return db.session.scalars(stmt.order_by(NcStep.due_on)).all()


def overdue_step_count(today: date) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(NcStep)
            .join(Nonconformity)
            .where(NcStep.done_on.is_(None), NcStep.due_on < today, Nonconformity.state.in_(OPEN_STATES))
        )
        or 0
    )


def open_by_age_and_source(today: date) -> tuple[list[str], dict[str, list[int]]]:
    """Open nonconformities by source and age band (≤ 30, 31–90, > 90 days)."""
    bands = ["30天以内", "31–90天", "90天以上"]
    out: dict[str, list[int]] = {}
    for source, found in db.session.execute(
        select(Nonconformity.source, Nonconformity.found_on).where(Nonconformity.state.in_(OPEN_STATES))
    ):
        age = (today - found).days
        i = 0 if age <= 30 else 1 if age <= 90 else 2
        out.setdefault(source, [0, 0, 0])[i] += 1
    return bands, out


def dashboard(today: date) -> dict:
    """The quality dashboard's figures on `today`: open 不合格 by age and source, overdue steps,
    counts by state, pending proposals, this year's audit programme coverage, late review actions."""
    bands, by_source = open_by_age_and_source(today)
    programme = programme_of(today.year)
    return {
        "bands": bands,
        "by_source": by_source,
        "overdue": overdue_steps(today),
        "states": state_counts(),
        "proposals": len(pending_proposals()),
        "coverage": programme_coverage(programme) if programme else None,
        "coverage_year": today.year,
        "windows": window_labels(),
        "departments": departments(),
        "late_actions": [a for a in open_review_actions() if a.due_on and a.due_on < today],
    }


def state_counts() -> dict[str, int]:
    return dict(db.session.execute(select(Nonconformity.state, func.count()).group_by(Nonconformity.state)).all())


def closed_count(first: date, last: date) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Nonconformity)
            .where(Nonconformity.state == CLOSED, Nonconformity.closed_on.between(first, last))
        )
        or 0
    )


def get_or_404(model, object_id: int):
    """One row of this room or a 404 page."""
    return db.get_or_404(model, object_id)


def active_users():
    from ..auth.models import User

    return db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.display_name)).all()


def objectives_of_year(year: int) -> list[QualityObjective]:
    return db.session.scalars(
        select(QualityObjective).where(QualityObjective.year == year).order_by(QualityObjective.id)
    ).all()


# ------------------------------------------------------------------ internal audits (9.2)
def departments() -> dict[int, str]:
    from ..records.models import Department

    return {
        d.id: d.name
        for d in db.session.scalars(select(Department).where(Department.voided_at.is_(None)).order_by(Department.id))
    }


def window_department() -> dict[int, int]:
    return dict(db.session.execute(select(Window.id, Window.department_id)).all())


def auditor_facts(user_ids) -> dict[int, "object"]:
    from ..auth.models import User
    from .logic.audits import Auditor
    from .models import InternalAuditor

    rows = db.session.execute(
        select(User.id, User.display_name, InternalAuditor)
        .join(InternalAuditor, InternalAuditor.user_id == User.id, isouter=True)
        .where(User.id.in_(list(user_ids)))
    ).all()
    out = {}
    for uid, name, ia in rows:
        if ia is None or not ia.active:
            out[uid] = None
            continue
        owned = frozenset(c.strip() for c in (ia.owned_clauses or "").split(",") if c.strip())
        out[uid] = Auditor(uid, name, ia.department_id, ia.window_id, owned)
    return out


def independence_problems(member_ids, scope) -> list[str]:
    """Why the proposed team may not audit `scope`: not an active 内审员, or not independent."""
    from ..auth.models import User
    from .logic.audits import independence_conflicts

    facts = auditor_facts(member_ids)
    names = dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(list(member_ids)))).all())
    wd = window_department()
    problems = []
    for uid in member_ids:
        a = facts.get(uid)
        if a is None:
            problems.append(f"{names.get(uid, uid)}不是在册的内审员")
            continue
        problems += independence_conflicts(a, scope, wd)
    return problems


def documents_in_force_for(audit) -> list[tuple]:
    """(number, title, iso_clause, articles) of the procedures covering the audit's clauses and the
    rules it names, each as its version in force on the planned date."""
    from ..documents.models import Document
    from ..documents.services import version_in_force
    from ..rules.logic.articles import split_articles

    rules = set(n for n in (audit.rule_numbers or "").split(",") if n)
    docs = db.session.scalars(
        select(Document)
        .where(or_(Document.kind.in_(("procedure", "manual")), Document.number.in_(rules or {""})))
        .order_by(Document.kind, Document.number)
    ).all()
    out = []
    for d in docs:
        v = version_in_force(d, audit.planned_on)
        if v is None:
            continue
        iso = d.iso_clause if d.number not in rules else ",".join(audit.clause_list)
        if d.kind == "rule":
            articles = [(a.number_cn, a.text) for a in split_articles(v.content_md)]
        else:  # the sections of a procedure (目的、范围、职责、程序 …) as they read that day
            heads = [
                re.sub(r"^[\d.．、\s]+", "", ln.lstrip("#")).strip()
                for ln in (v.content_md or "").splitlines()
                if ln.startswith("## ")
            ]
            articles = [("", h) for h in heads if h and h not in NOT_AUDITED_SECTIONS]
        out.append((d.number, d.title, iso, articles))
    return out


def checklist_lines(audit):
    from ..procedures.logic.iso import CLAUSES
    from .logic.audits import checklist

    return checklist(audit.clause_list, CLAUSES, documents_in_force_for(audit))


def scope_places(audit) -> list[tuple[str, int | None]]:
    labels = window_labels()
    places = [(labels.get(w, f"窗口{w}"), w) for w in audit.window_id_list]
    deps = departments()
    places += [(deps.get(d, f"单位{d}"), None) for d in audit.department_id_list]
    return places


def quality_owner_id(fallback_user) -> int:
    """Who owns a nonconformity raised by someone else's service (an audit team member): the
    first active quality manager, else the person raising it."""
    from ..auth.models import User

    uid = db.session.scalar(
        select(User.id).where(User.role == "quality_manager", User.active.is_(True)).order_by(User.id).limit(1)
    )
    return uid or fallback_user.id


def procedure_version_id(number: str, on) -> int | None:
    from ..documents.services import find_by_number, version_in_force

    doc = find_by_number(number)
    v = version_in_force(doc, on) if doc is not None and on else None
    return v.id if v else None


def programmes():
    from .models import AuditProgramme

    return db.session.scalars(select(AuditProgramme).order_by(AuditProgramme.year.desc())).all()


def programme_of(year: int):
    from .models import AuditProgramme

    return db.session.scalar(select(AuditProgramme).where(AuditProgramme.year == year))


def programme_coverage(programme):
    """The coverage matrix of a year's programme over every clause, active window and department."""
    from .logic.audits import PROGRAMME_CLAUSES, AuditScope, coverage

    audits = programme.audits if programme else []
    scopes = [
        AuditScope(
            a.id,
            a.number,
            frozenset(a.clause_list),
            frozenset(a.window_id_list),
            frozenset(a.department_id_list),
            a.state != "planned",
        )
        for a in audits
    ]
    from ..records.queries import active_windows

    year_end = date(programme.year, 12, 31) if programme else date.today()
    wins = [w.id for w in active_windows(year_end)]
    return coverage(scopes, PROGRAMME_CLAUSES, wins, list(departments()), window_department())


def internal_auditors():
    from .models import InternalAuditor

    return db.session.scalars(
        select(InternalAuditor).where(InternalAuditor.active.is_(True)).order_by(InternalAuditor.id)
    ).all()


def audit_ncs(audit_id: int):
    return db.session.scalars(
        select(Nonconformity).where(Nonconformity.audit_id == audit_id).order_by(Nonconformity.id)
    ).all()


def audits_to_perform(user_id: int):
    from .models import AuditMember

    return db.session.scalars(
        select(Audit)
        .join(AuditMember, AuditMember.audit_id == Audit.id)
        .where(AuditMember.user_id == user_id, Audit.state.in_(("planned", "performed")))
        .order_by(Audit.planned_on)
    ).all()


# ------------------------------------------------------------------ management review inputs (9.3.2)
def _month_label(d: date) -> str:
    return f"{d.year}年{d.month}月"


def _by_month(rows, first: date, last: date, width: int) -> list[list]:
    """Day rows (day, n1, n2, ...) summed into months of [first, last], every month present."""
    months: dict[tuple[int, int], list[int]] = {}
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        months[(y, m)] = [0] * width
        y, m = (y + (m == 12), m % 12 + 1)
    for row in rows:
        d = row[0]
        if isinstance(d, str):
            d = date.fromisoformat(d[:10])
        key = (d.year, d.month)
        if key in months:
            acc = months[key]
            for i, v in enumerate(row[1:]):
                acc[i] += int(v or 0)
    return [[f"{y}年{m}月", *vals] for (y, m), vals in months.items()]


def review_facts(first: date, last: date, review_id: int | None = None, previous_id: int | None = None) -> dict:
    """Everything a management review of [first, last] considers, from the records, as plain data
    for logic.reviews.compose. Grouped queries only: a year of a large center stays under a second."""
    from ..assessment.models import AssessmentMonth, FlagAward, ScoreSheet
    from ..auth.models import User
    from ..documents.models import Document, DocumentVersion
    from ..records.models import Commendation, Department, Staff
    from .logic import vocab
    from .logic.proposals import Thresholds, red_light_months
    from .models import InternalAuditor, ManagementReview, NcProposal, ReviewAction

    f: dict = {}
    s = db.session
    # 9.3.2 a: every action of the previous review, and the still-open ones of earlier reviews
    acts = s.execute(
        select(ReviewAction, ManagementReview.number, User.display_name)
        .join(ManagementReview, ManagementReview.id == ReviewAction.review_id)
        .join(User, User.id == ReviewAction.owner_id, isouter=True)
        .where(
            ReviewAction.review_id != (review_id or 0),
            or_(ReviewAction.review_id == (previous_id or 0), ReviewAction.state == "open"),
            ManagementReview.period_end < last,
        )
        .order_by(ReviewAction.id)
    ).all()
    f["previous_actions"] = [
        {
            "id": a.id,
            "review": num,
            "text": a.text,
            "owner": name or "",
            "state": a.state,
            "state_label": vocab.ACTION_STATES.get(a.state, a.state),
            "due": a.due_on.isoformat() if a.due_on else "",
        }
        for a, num, name in acts
    ]
    # 9.3.2 b: changes to the documented system
    vers = s.execute(
        select(
            Document.number,
            Document.title,
            DocumentVersion.revision,
            DocumentVersion.effective_date,
            DocumentVersion.change_reason,
        )
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(DocumentVersion.status == "approved", DocumentVersion.effective_date.between(first, last))
        .order_by(DocumentVersion.effective_date)
    ).all()
    f["documents"] = {
        "approved": len(vers),
        "rows": [[f"{n}《{t}》", r, e.isoformat(), (c or "")[:60]] for n, t, r, e, c in vers],
        "repealed": s.scalar(
            select(func.count()).select_from(Document).where(Document.repealed_on.between(first, last))
        )
        or 0,
    }
    # 9.3.2 c1: satisfaction and feedback
    rating_days = s.execute(
        select(
            Rating.rated_on,
            func.count(),
            func.sum(case((Rating.grade >= 3, 1), else_=0)),
            func.sum(case((Rating.grade <= 2, 1), else_=0)),
        )
        .where(Rating.rated_on.between(first, last), Rating.voided_at.is_(None))
        .group_by(Rating.rated_on)
    ).all()
    f["ratings_by_month"] = [[m, a, b, c] for m, a, b, c in _by_month(rating_days, first, last, 3)]
    received, valid, due, on_time = s.execute(
        select(
            func.count(),
            func.sum(case((Complaint.valid.is_(True), 1), else_=0)),
            func.sum(case((Complaint.deadline_on.isnot(None), 1), else_=0)),
            func.sum(case((Complaint.replied_on <= Complaint.deadline_on, 1), else_=0)),
        ).where(Complaint.received_on.between(first, last), Complaint.voided_at.is_(None))
    ).one()
    f["complaints"] = {"received": received or 0, "valid": valid or 0}
    f["commendations"] = (
        s.scalar(
            select(func.count())
            .select_from(Commendation)
            .where(Commendation.received_on.between(first, last), Commendation.voided_at.is_(None))
        )
        or 0
    )
    # 9.3.2 c2: objectives
    objs = []
    for year in range(first.year, last.year + 1):
        for o in objectives_of_year(year):
            vals = [v for v in o.values if first <= date(v.year, v.month, 1) <= last and v.value is not None]
            ok = [v for v in vals if (v.value >= o.target if o.higher_is_better else v.value <= o.target)]
            objs.append(
                {
                    "name": f"{o.name}（{year}）" if first.year != last.year else o.name,
                    "target": o.target,
                    "met": len(ok),
                    "missed": len(vals) - len(ok),
                    "last": vals[-1].value if vals else None,
                    "values": [(v.year, v.month, v.value) for v in vals],
                    "hib": o.higher_is_better,
                }
            )
    f["objectives"] = objs
    # 9.3.2 c3: process performance, one pass over each covering index, grouped by day
    done_days = s.execute(
        select(Case.completed_on, func.count(), func.sum(case((Case.completed_on <= Case.due_on, 1), else_=0)))
        .where(Case.completed_on.between(first, last), Case.voided_at.is_(None), Case.state != "withdrawn")
        .group_by(Case.completed_on)
    ).all()
    recv_days = s.execute(
        select(Case.received_on, func.count(), func.sum(case((Case.is_instant.is_(True), 1), else_=0)))
        .where(Case.received_on.between(first, last), Case.voided_at.is_(None))
        .group_by(Case.received_on)
    ).all()
    done_m, recv_m = _by_month(done_days, first, last, 2), _by_month(recv_days, first, last, 2)
    f["cases_by_month"] = [[d[0], d[1], d[2], r[1], r[2]] for d, r in zip(done_m, recv_m, strict=False)]
    f["cases"] = {
        "completed": sum(d[1] for d in done_m),
        "on_time": sum(d[2] for d in done_m),
        "received": sum(r[1] for r in recv_m),
        "instant": sum(r[2] for r in recv_m),
        "overdue_open": s.scalar(
            select(func.count())
            .select_from(Case)
            .where(Case.is_open == true(), Case.due_on < last, Case.voided_at.is_(None))
        )
        or 0,
    }
    labels = window_labels()
    # Cases that went red in the period (the day after their due date): completed late (read from
    # the covering index on completed_on) plus those still open (the small partial index).
    due_range = (first - timedelta(days=1), last - timedelta(days=1))
    # Plain rows, not GROUP BY (window_id, due_on): for that ordering SQLite would walk the
    # (window_id, due_on) index and look up every case; this reads the covering index on
    # completed_on, and the due range is applied here.
    late_rows = s.execute(
        select(Case.window_id, Case.due_on).where(
            Case.completed_on >= first, Case.completed_on > Case.due_on, Case.voided_at.is_(None)
        )
    ).all()
    counted: dict = {}
    for wid, due_on in late_rows:
        if isinstance(due_on, str):
            due_on = date.fromisoformat(due_on)
        if due_range[0] <= due_on <= due_range[1]:
            counted[(wid, due_on)] = counted.get((wid, due_on), 0) + 1
    late = [(w, d, n) for (w, d), n in counted.items()]
    late += s.execute(
        select(Case.window_id, Case.due_on, func.count())
        .where(Case.is_open == true(), Case.due_on.between(*due_range), Case.voided_at.is_(None))
        .group_by(Case.window_id, Case.due_on)
    ).all()
    per_window: dict[int, int] = {}
    pairs = []
    for wid, due_on, n in late:
        per_window[wid] = per_window.get(wid, 0) + n
        pairs += [(wid, due_on)] * int(n)
    f["red_windows"] = [(labels.get(w, str(w)), n) for w, n in sorted(per_window.items(), key=lambda x: -x[1])[:5]]
    red_months = red_light_months(pairs)
    scores = s.execute(
        select(AssessmentMonth.year, AssessmentMonth.month, func.avg(ScoreSheet.total))
        .join(ScoreSheet, ScoreSheet.month_id == AssessmentMonth.id)
        .where(
            (AssessmentMonth.year * 100 + AssessmentMonth.month).between(
                first.year * 100 + first.month, last.year * 100 + last.month
            )
        )
        .group_by(AssessmentMonth.year, AssessmentMonth.month)
        .order_by(AssessmentMonth.year, AssessmentMonth.month)
    ).all()
    f["scores"] = [(f"{y}年{m}月", float(v)) for y, m, v in scores]
    flags = s.execute(
        select(FlagAward.window_name, func.count())
        .where(
            FlagAward.period == "month",
            FlagAward.revoked.is_(False),
            (FlagAward.year * 100 + FlagAward.number).between(
                first.year * 100 + first.month, last.year * 100 + last.month
            ),
        )
        .group_by(FlagAward.window_name)
        .order_by(func.count().desc())
        .limit(5)
    ).all()
    f["flags"] = [(w, n) for w, n in flags]
    # 9.3.2 c4: nonconformities and corrective actions
    ncs = s.execute(
        select(Nonconformity.number, Nonconformity.source, Nonconformity.title, Nonconformity.state)
        .where(Nonconformity.found_on.between(first, last), Nonconformity.state != VOIDED)
        .order_by(Nonconformity.found_on, Nonconformity.id)
    ).all()
    checks = s.execute(
        select(Nonconformity.effective, func.count())
        .join(NcStep, NcStep.nc_id == Nonconformity.id)
        .where(NcStep.step == "effectiveness", NcStep.done_on.between(first, last))
        .group_by(Nonconformity.effective)
    ).all()
    f["ncs"] = {
        "opened": len(ncs),
        "closed": closed_count(first, last),
        "open": s.scalar(
            select(func.count())
            .select_from(Nonconformity)
            .where(Nonconformity.state.in_(OPEN_STATES), Nonconformity.found_on <= last)
        )
        or 0,
        "overdue_steps": overdue_step_count(last),
        "checked": sum(n for _e, n in checks),
        "ineffective": sum(n for e, n in checks if e is False),
        "rows": [[n, vocab.SOURCES.get(src, src), t, vocab.STATE_LABELS.get(st, st)] for n, src, t, st in ncs],
    }
    # 9.3.2 c5: monitoring and measurement
    rect_due, rect_ok = s.execute(
        select(func.count(), func.sum(case((Rating.rectified_on <= Rating.rectify_due_on, 1), else_=0))).where(
            Rating.upheld.is_(True), Rating.rectify_due_on.between(first, last), Rating.voided_at.is_(None)
        )
    ).one()
    f["monitoring"] = {
        "complaints_due": due or 0,
        "complaints_on_time": on_time or 0,
        "rectify_due": rect_due or 0,
        "rectified_on_time": rect_ok or 0,
    }
    # 9.3.2 c6: audit results
    f["audits"] = []
    for a in s.scalars(select(Audit).where(Audit.performed_on.between(first, last)).order_by(Audit.performed_on)):
        counts = dict(
            s.execute(
                select(ChecklistItem.finding, func.count())
                .where(ChecklistItem.audit_id == a.id)
                .group_by(ChecklistItem.finding)
            ).all()
        )
        f["audits"].append(
            {
                "number": a.number,
                "on": a.performed_on.isoformat(),
                "state": vocab.AUDIT_STATES.get(a.state, a.state),
                **{k: counts.get(k, 0) for k in vocab.FINDINGS},
            }
        )
    f["external_ncs"] = (
        s.scalar(
            select(func.count())
            .select_from(Nonconformity)
            .where(Nonconformity.source == "external", Nonconformity.found_on.between(first, last))
        )
        or 0
    )
    # 9.3.2 d, e, f
    f["resources"] = {
        "windows": len(labels),
        "departments": s.scalar(select(func.count()).select_from(Department)) or 0,
        "staff": s.scalar(select(func.count()).select_from(Staff).where(Staff.left_on.is_(None))) or 0,
        "auditors": s.scalar(select(func.count()).select_from(InternalAuditor).where(InternalAuditor.active.is_(True)))
        or 0,
    }
    from .logic.proposals import missed_runs

    f["risks"] = {
        "major": s.scalar(
            select(func.count())
            .select_from(Nonconformity)
            .where(Nonconformity.severity == "major", Nonconformity.found_on.between(first, last))
        )
        or 0,
        "objective_runs": sum(1 for o in objs if missed_runs(o["values"], o["target"], o["hib"])),
        "red_months": sum(1 for n in red_months.values() if n >= Thresholds().red_lights_per_month),
    }
    props = dict(
        s.execute(
            select(NcProposal.status, func.count())
            .where(NcProposal.found_on.between(first, last))
            .group_by(NcProposal.status)
        ).all()
    )
    f["improvement"] = {
        "proposals": sum(props.values()),
        "accepted": props.get("accepted", 0),
        "pending": props.get("pending", 0),
    }
    return f


def reviews():
    from .models import ManagementReview

    return db.session.scalars(select(ManagementReview).order_by(ManagementReview.period_end.desc())).all()


def open_review_actions(owner_id: int | None = None):
    from .models import ReviewAction

    stmt = select(ReviewAction).where(ReviewAction.state == "open")
    if owner_id is not None:
        stmt = stmt.where(ReviewAction.owner_id == owner_id)
    return db.session.scalars(stmt.order_by(ReviewAction.due_on)).all()


# ------------------------------------------------------------------ report data (plain dicts for logic.reports)
def audit_report_data(audit, center: str) -> dict:
    from ..procedures.logic.iso import CLAUSES
    from .logic.vocab import STATE_LABELS

    basis = ["GB/T 19001-2016《质量管理体系 要求》"]
    for number, title, _iso, _arts in documents_in_force_for(audit):
        basis.append(
            f"{number}《{title}》（{audit.planned_on.year}年{audit.planned_on.month}月{audit.planned_on.day}日现行版本）"
        )
    pv = audit.procedure_version
    return {
        "number": audit.number,
        "title": audit.title,
        "programme": audit.programme.title,
        "planned_on": audit.planned_on,
        "performed_on": audit.performed_on,
        "issued_on": audit.report_issued_on,
        "clauses": [(c, CLAUSES.get(c, "")) for c in audit.clause_list],
        "places": [p for p, _w in scope_places(audit)],
        "basis": basis,
        "team": [(m.user.display_name, m.is_leader) for m in audit.members],
        "items": [(i.seq, i.clause, i.question, i.finding, i.evidence, i.place) for i in audit.items],
        "ncs": [(n.number, n.title, STATE_LABELS.get(n.state, n.state)) for n in audit_ncs(audit.id)],
        "summary": audit.summary,
        "procedure": f"{pv.document.number} {pv.revision}" if pv else "",
        "center": center,
    }


def review_report_data(review, center: str) -> dict:
    import json

    from .logic.reviews import INPUTS
    from .logic.vocab import ACTION_STATES

    data = json.loads(review.inputs_json or "{}")
    cats = {"improvement": "改进的机会", "change": "体系变更", "resource": "资源需求"}

    def row(a):
        link = (
            a.nc.number
            if a.nc_id
            else (f"{a.revision.document.number} {a.revision.revision}" if a.revision_version_id else "")
        )
        return (
            a.text,
            cats.get(a.category, a.category),
            a.owner.display_name if a.owner else "",
            a.due_on.isoformat() if a.due_on else "",
            ACTION_STATES.get(a.state, a.state),
            link,
        )

    pv = review.procedure_version
    return {
        "number": review.number,
        "period_start": review.period_start,
        "period_end": review.period_end,
        "held_on": review.held_on,
        "chair": review.chair,
        "attendees": review.attendees,
        "conclusion": review.conclusion,
        "issued_on": review.minutes_issued_on,
        "procedure": f"{pv.document.number} {pv.revision}" if pv else "",
        "center": center,
        "inputs": {code: data[code] for code, _t in INPUTS if code in data},
        "actions": [row(a) for a in review.actions],
        "carried": [row(a) for a in carried_actions(review)],
    }


def carried_actions(review):
    """Open actions of earlier reviews: the next review starts from them (9.3.2 a)."""
    from .models import ManagementReview, ReviewAction

    return db.session.scalars(
        select(ReviewAction)
        .join(ManagementReview, ManagementReview.id == ReviewAction.review_id)
        .where(
            ReviewAction.state == "open",
            ReviewAction.review_id != review.id,
            ManagementReview.period_end < review.period_end,
        )
        .order_by(ReviewAction.id)
    ).all()


def open_steps_of(user_id: int):
    """The open corrective-action steps this person owns, earliest deadline first."""
    return db.session.scalars(
        select(NcStep)
        .join(Nonconformity)
        .where(NcStep.done_on.is_(None), NcStep.owner_id == user_id, Nonconformity.state.in_(OPEN_STATES))
        .order_by(NcStep.due_on)
    ).all()
