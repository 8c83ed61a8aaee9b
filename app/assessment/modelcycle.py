"""服务标兵 cycles: nominations, the secret ballot, scores, the quota, 公示 and final.

Secrecy: a vote writes one VoterReceipt (who voted) and Ballot rows (what was chosen, with no
user and no time) in the same transaction. No page, export or audit entry joins the two."""
from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy.exc import IntegrityError

from ..audit.services import record
from ..core.timeutil import local_today
from ..extensions import db
from ..kernel import SAME_TRANSACTION
from . import appeals, scoring, selection, sources
from .errors import AssessmentError, commit
from .models import ACCEPTED, AssessmentMonth, Ballot, ModelCycle, Nomination, ScoreEntry, ScoreSheet, VoterReceipt
from .scheme import ModelRules
from .schemes import scheme_version_in_force
from .services import check_version, require

NOMINATING, VOTING, SCORING, PUBLICITY, FINAL = "nominating", "voting", "scoring", "publicity", "final"
CYCLE_LABELS = {NOMINATING: "提名中", VOTING: "民主测评投票中", SCORING: "综合评分中", PUBLICITY: "公示中", FINAL: "已定稿"}


def period(kind: str, year: int, number: int) -> tuple[date, date, list[int]]:
    if kind == "quarter":
        months = [3 * number - 2, 3 * number - 1, 3 * number]
    else:
        months = [number]
    return date(year, months[0], 1), date(year, months[-1], calendar.monthrange(year, months[-1])[1]), months


def rules_for(cycle: ModelCycle) -> ModelRules:
    sv = scheme_version_in_force(period(cycle.kind, cycle.year, cycle.number)[0])
    return sv.scheme.models if sv is not None else ModelRules()


def create_cycle(user, kind: str, year: int, number: int) -> ModelCycle:
    require(user, "assessment.models_manage")
    if kind not in ("month", "quarter") or not (1 <= number <= (12 if kind == "month" else 4)) or not 2000 <= year <= 2100:
        raise AssessmentError("请选择有效的评选周期。")
    if db.session.scalar(db.select(ModelCycle.id).filter_by(kind=kind, year=year, number=number)):
        raise AssessmentError("该周期的服务标兵评选已经创建。")
    start, _end, _ = period(kind, year, number)
    staff = sources.staff_on_duty(start)
    cycle = ModelCycle(kind=kind, year=year, number=number, status=NOMINATING, created_by_id=user.id,
                       staff_on_duty=len(staff), window_count=len({s.window_id for s in staff}))
    db.session.add(cycle)
    db.session.flush()
    record(user, "create", "assessment_cycle", cycle.id, {"period": cycle.label, "staff_on_duty": len(staff)})
    commit()
    return cycle


def personal_score(staff_id: int, kind: str, year: int, number: int, chief_of: int | None = None) -> tuple[float, bool]:
    """Average of the person's own monthly scores over the period's assessed months (entries
    naming them, scored by each month's scheme); (100, True) when nothing names them. For a
    首席代表 (`chief_of` = their window) under a scheme with a half-charge, the window's
    deductions are also charged at that share."""
    _s, _e, months = period(kind, year, number)
    scores = []
    for m in db.session.scalars(db.select(AssessmentMonth).where(AssessmentMonth.year == year,
                                                                   AssessmentMonth.month.in_(months))):
        entries = db.session.scalars(db.select(ScoreEntry).join(ScoreSheet).where(
            ScoreSheet.month_id == m.id, ScoreEntry.staff_id == staff_id, ScoreEntry.status == ACCEPTED)).all()
        scheme = m.scheme_version.scheme
        res = scoring.score_sheet(scheme, [scoring.Entry(e.item_code, e.count, e.points, e.id, e.staff_id) for e in entries])
        total = min(res.total, scheme.base)
        if chief_of is not None and scheme.chief_rep_share:
            window_deductions = db.session.scalar(db.select(ScoreSheet.deductions).filter_by(month_id=m.id, window_id=chief_of))
            total = max(0.0, total - round((window_deductions or 0) * scheme.chief_rep_share, 2))
        scores.append(total)
    if not scores:
        return 100.0, True
    avg = round(sum(scores) / len(scores), 2)
    return avg, avg >= 100.0


def facts_for(cycle: ModelCycle, staff: sources.StaffInfo) -> tuple[selection.StaffFacts, float]:
    start, end, _ = period(cycle.kind, cycle.year, cycle.number)
    p = sources.staff_period(staff.id, start, end)
    score, full = personal_score(staff.id, cycle.kind, cycle.year, cycle.number,
                                 staff.window_id if staff.is_chief_rep else None)
    # Public rating: the average grade × 20; no rating at all counts as 基本满意 (3 → 60).
    public = round(sum(p.ratings) / len(p.ratings) * 20, 2) if p.ratings else 60.0
    facts = selection.StaffFacts(staff.id, staff.name, staff.window_id, score, full, p.valid_complaints, p.absences,
                                 p.late, p.late_year)
    return facts, public


def candidates_on_duty(cycle: ModelCycle) -> list[sources.StaffInfo]:
    start = period(cycle.kind, cycle.year, cycle.number)[0]
    return sources.staff_on_duty(start)


def nominate(user, cycle: ModelCycle, staff_id: int, reason: str) -> Nomination:
    """Nominate a person on duty. Window staff nominate only within their own window; at most
    `nominations_per_window` per window; an ineligible person is refused with the reasons."""
    require(user, "assessment.nominate")
    if cycle.status != NOMINATING:
        raise AssessmentError("提名阶段已经结束。")
    staff = next((s for s in candidates_on_duty(cycle) if s.id == staff_id), None)
    if staff is None:
        raise AssessmentError("请选择本期在岗的窗口工作人员。")
    if user.role == "window_staff":
        own = {s.window_id for s in candidates_on_duty(cycle) if s.id == user.staff_id}
        if staff.window_id not in own:
            raise AssessmentError("窗口工作人员只能提名本窗口的人员（含本人）。")
    rules = rules_for(cycle)
    active = [n for n in cycle.nominations if not n.withdrawn]
    if any(n.staff_id == staff_id for n in cycle.nominations):
        raise AssessmentError(f"{staff.name} 已被提名（含已撤回的提名）。")
    if sum(1 for n in active if n.window_id == staff.window_id) >= rules.nominations_per_window:
        raise AssessmentError(f"每个窗口最多提名 {rules.nominations_per_window} 人。")
    facts, public = facts_for(cycle, staff)
    reasons = selection.eligibility(facts, rules)
    if reasons:
        raise AssessmentError(f"{staff.name} 不符合评选条件：" + "；".join(reasons) + "。")
    info = sources.window_info(staff.window_id)
    nom = Nomination(cycle=cycle, staff_id=staff.id, staff_name=staff.name, window_id=staff.window_id,
                     window_name=info.name if info else "", nominated_by_id=user.id, reason=(reason or "").strip(),
                     monthly_score=facts.personal_score, public_score=public)
    db.session.add(nom)
    db.session.flush()
    record(user, "create", "assessment_nomination", nom.id, {"cycle": cycle.id, "staff": staff.name})
    commit()
    return nom


def advance(user, cycle: ModelCycle, to: str, row_version=SAME_TRANSACTION, today: date | None = None) -> ModelCycle:
    """nominating → voting → scoring (ballot closed and counted) → publicity → final."""
    require(user, "assessment.models_manage")
    check_version(cycle, row_version)
    order = [NOMINATING, VOTING, SCORING, PUBLICITY, FINAL]
    if to not in order or order.index(to) != order.index(cycle.status) + 1:
        raise AssessmentError(f"当前为“{CYCLE_LABELS[cycle.status]}”，不能进入该阶段。")
    active = [n for n in cycle.nominations if not n.withdrawn]
    today = today or local_today()
    rules = rules_for(cycle)
    if to == VOTING and not active:
        raise AssessmentError("还没有提名人选，不能开始投票。")
    if to == SCORING:
        counts = selection.count_ballots(
            db.session.scalars(db.select(Ballot.nomination_id).filter_by(cycle_id=cycle.id)), [n.id for n in active])
        for n in active:
            n.votes = counts[n.id]
    if to == PUBLICITY:
        missing = [n.staff_name for n in active if n.leader_score is None]
        if missing:
            raise AssessmentError("请先录入领导评价分：" + "、".join(missing) + "。")
        for c in results(cycle, rules):
            n = db.session.get(Nomination, c.nomination_id)
            n.combined, n.selected, n.result_note = c.combined, c.selected, c.note
        from ..core.workdays import add_workdays

        cycle.publicity_end = add_workdays(today, rules.publicity_workdays)
    if to == FINAL and cycle.publicity_end and today <= cycle.publicity_end:
        raise AssessmentError("公示期满后方可定稿。")
    if to == FINAL and (pending := appeals.pending_for_cycle(cycle.id)):
        raise AssessmentError(f"尚有 {pending} 件申诉未复核，复核完毕后方可定稿。")
    cycle.status = to
    record(user, "update", "assessment_cycle", cycle.id, {"status": to})
    commit()
    return cycle


def voters(cycle: ModelCycle) -> int:
    return db.session.scalar(db.select(db.func.count(VoterReceipt.id)).filter_by(cycle_id=cycle.id)) or 0


def has_voted(user, cycle: ModelCycle) -> bool:
    return db.session.scalar(db.select(VoterReceipt.id).filter_by(cycle_id=cycle.id, user_id=user.id)) is not None


def choices_allowed(cycle: ModelCycle) -> int:
    return max(1, selection.quota(cycle.staff_on_duty, cycle.window_count, rules_for(cycle)))


def vote(user, cycle: ModelCycle, nomination_ids: list[int]) -> None:
    """Cast one secret ballot: up to the quota of choices among the active nominations."""
    require(user, "assessment.vote")
    if cycle.status != VOTING:
        raise AssessmentError("当前不在投票阶段。")
    if has_voted(user, cycle):
        raise AssessmentError("您已经投过票，每人只能投一次。")
    valid = {n.id for n in cycle.nominations if not n.withdrawn}
    chosen = sorted({int(i) for i in nomination_ids})
    if not chosen:
        raise AssessmentError("请至少选择一名候选人。")
    if any(i not in valid for i in chosen):
        raise AssessmentError("所选人员不是本期候选人。")
    limit = choices_allowed(cycle)
    if len(chosen) > limit:
        raise AssessmentError(f"最多可选 {limit} 人。")
    db.session.add(VoterReceipt(cycle_id=cycle.id, user_id=user.id))
    for i in chosen:
        db.session.add(Ballot(cycle_id=cycle.id, nomination_id=i))
    record(user, "vote", "assessment_cycle", cycle.id, {})  # who voted is public; what they chose is not
    try:
        commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise AssessmentError("您已经投过票，每人只能投一次。") from exc


def set_scores(user, nom: Nomination, leader_score, public_score, row_version=SAME_TRANSACTION) -> Nomination:
    require(user, "assessment.models_manage")
    check_version(nom, row_version)
    if nom.cycle.status not in (VOTING, SCORING):
        raise AssessmentError("只能在投票或综合评分阶段录入评价分。")
    try:
        leader = float(leader_score)
        public = float(public_score) if public_score not in (None, "") else nom.public_score
    except (TypeError, ValueError) as exc:
        raise AssessmentError("评价分应为 0 到 100 之间的数字。") from exc
    if not (0 <= leader <= 100 and 0 <= public <= 100):
        raise AssessmentError("评价分应为 0 到 100 之间的数字。")
    nom.leader_score, nom.public_score = leader, public
    record(user, "update", "assessment_nomination", nom.id, {"leader_score": leader, "public_score": public})
    commit()
    return nom


def results(cycle: ModelCycle, rules: ModelRules | None = None) -> list[selection.Candidate]:
    rules = rules or rules_for(cycle)
    cands = [selection.Candidate(n.id, n.staff_id, n.staff_name, n.window_id, n.monthly_score, n.votes or 0,
                                 n.public_score, n.leader_score or 0.0, [r for r in n.ineligible.split("；") if r])
             for n in cycle.nominations if not n.withdrawn]
    return selection.combine(cands, voters(cycle), rules, cycle.staff_on_duty, cycle.window_count)


def withdraw_nomination(user, nom: Nomination, reason: str) -> Nomination:
    """Withdraw a nomination with a reason while nominating (kept on record, never deleted)."""
    require(user, "assessment.models_manage")
    if nom.cycle.status != NOMINATING:
        raise AssessmentError("只能在提名阶段撤回提名。")
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError("请填写撤回理由。")
    if nom.withdrawn:
        raise AssessmentError("该提名已经撤回。")
    nom.withdrawn, nom.withdraw_reason = True, reason
    record(user, "withdraw", "assessment_nomination", nom.id, {"staff": nom.staff_name, "reason": reason})
    commit()
    return nom
