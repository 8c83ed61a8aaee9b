"""服务标兵 (exemplar) cycles: nominations, the secret ballot, scores, the quota, 公示 and final.

Secrecy: a vote writes one VoterReceipt (who voted) and raises the tally of each nomination chosen
by one, in the same transaction. No row per ballot is stored, so neither row order, ids nor
times can link a voter to a choice; no page, export or audit entry says what anyone chose."""

from __future__ import annotations

from datetime import date

from ...audit.services import record
from ...core.timeutil import local_today
from ...core.workdays import add_workdays
from ...extensions import db
from ...kernel import SAME_TRANSACTION, Conflict
from ..logic import selection
from ..models import ExemplarCycle, Nomination, VoterReceipt
from ..queries import records as sources
from ..queries.exemplars import (
    CYCLE_LABELS,
    FINAL,
    NOMINATING,
    PUBLICITY,
    SCORING,
    VOTING,
    candidates_on_duty,
    choices_allowed,
    facts_for,
    has_voted,
    pending_appeals,
    period,
    results,
    rules_for,
)
from .common import AssessmentError, check_version, flush, require

__all__ = ["CYCLE_LABELS", "FINAL", "NOMINATING", "PUBLICITY", "SCORING", "VOTING"]


def create_cycle(user, kind: str, year: int, number: int) -> ExemplarCycle:
    require(user, "assessment.exemplars_manage")
    if (
        kind not in ("month", "quarter")
        or not (1 <= number <= (12 if kind == "month" else 4))
        or not 2000 <= year <= 2100
    ):
        raise AssessmentError("请选择有效的评选周期。")
    if db.session.scalar(db.select(ExemplarCycle.id).filter_by(kind=kind, year=year, number=number)):
        raise AssessmentError("该周期的服务标兵评选已经创建。")
    start, _end, _ = period(kind, year, number)
    staff = sources.staff_on_duty(start)
    cycle = ExemplarCycle(
        kind=kind,
        year=year,
        number=number,
        status=NOMINATING,
        created_by_id=user.id,
        staff_on_duty=len(staff),
        window_count=len({s.window_id for s in staff}),
    )
    db.session.add(cycle)
    flush()
    record(user, "create", "assessment_cycle", cycle.id, {"period": cycle.label, "staff_on_duty": len(staff)})
    flush()
    return cycle


def nominate(user, cycle: ExemplarCycle, staff_id: int, reason: str) -> Nomination:
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
    nom = Nomination(
        cycle=cycle,
        staff_id=staff.id,
        staff_name=staff.name,
        window_id=staff.window_id,
        window_name=info.name if info else "",
        nominated_by_id=user.id,
        reason=(reason or "").strip(),
        monthly_score=facts.personal_score,
        public_score=public,
    )
    db.session.add(nom)
    flush()
    record(user, "create", "assessment_nomination", nom.id, {"cycle": cycle.id, "staff": staff.name})
    flush()
    return nom


def advance(
    user, cycle: ExemplarCycle, to: str, row_version=SAME_TRANSACTION, today: date | None = None
) -> ExemplarCycle:
    """nominating → voting → scoring (ballot closed and counted) → publicity → final."""
    require(user, "assessment.exemplars_manage")
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
        for n in active:
            n.votes = n.tally
    if to == PUBLICITY:
        missing = [n.staff_name for n in active if n.leader_score is None]
        if missing:
            raise AssessmentError("请先录入领导评价分：" + "、".join(missing) + "。")
        for c in results(cycle, rules):
            n = db.session.get(Nomination, c.nomination_id)
            n.combined, n.selected, n.result_note = c.combined, c.selected, c.note
        cycle.publicity_end = add_workdays(today, rules.publicity_workdays)
    if to == FINAL and cycle.publicity_end and today <= cycle.publicity_end:
        raise AssessmentError("公示期满后方可定稿。")
    if to == FINAL and (pending := pending_appeals(cycle.id)):
        raise AssessmentError(f"尚有 {pending} 件申诉未复核，复核完毕后方可定稿。")
    cycle.status = to
    record(user, "update", "assessment_cycle", cycle.id, {"status": to})
    flush()
    return cycle


def vote(user, cycle: ExemplarCycle, nomination_ids: list[int]) -> None:
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
    try:
        flush()
    except Conflict as exc:  # a second vote of the same person racing the first (unique receipt)
        raise AssessmentError("您已经投过票，每人只能投一次。") from exc
    # One UPDATE raising the counters (atomic under concurrent votes); the ORM's version of the
    # nominations is left alone, so a vote never collides with an evaluator's edit.
    db.session.execute(
        db.update(Nomination)
        .where(Nomination.id.in_(chosen), Nomination.cycle_id == cycle.id)
        .values(tally=Nomination.tally + 1)
        .execution_options(synchronize_session=False)
    )
    for n in cycle.nominations:
        if n.id in chosen:
            db.session.expire(n, ["tally"])
    record(user, "vote", "assessment_cycle", cycle.id, {})  # who voted is public; what they chose is not
    flush()


def set_scores(user, nom: Nomination, leader_score, public_score, row_version=SAME_TRANSACTION) -> Nomination:
    require(user, "assessment.exemplars_manage")
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
    flush()
    return nom


def withdraw_nomination(user, nom: Nomination, reason: str) -> Nomination:
    """Withdraw a nomination with a reason while nominating (kept on record, never deleted)."""
    require(user, "assessment.exemplars_manage")
    if nom.cycle.status != NOMINATING:
        raise AssessmentError("只能在提名阶段撤回提名。")
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError("请填写撤回理由。")
    if nom.withdrawn:
        raise AssessmentError("该提名已经撤回。")
    nom.withdrawn, nom.withdraw_reason = True, reason
    record(user, "withdraw", "assessment_nomination", nom.id, {"staff": nom.staff_name, "reason": reason})
    flush()
    return nom
