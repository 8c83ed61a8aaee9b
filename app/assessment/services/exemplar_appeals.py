"""申诉 against a 服务标兵 cycle's result during its 公示 (SF-ZD-018 第十二条/第十三条).

Staff on duty in the period may contest the result as a whole or one nomination: a selected
person (e.g. their eligibility), or their own window's nominee who was not selected. The
evaluators decide (复核) with a written conclusion. An upheld appeal against a selected person
takes the selection away from them and recounts the places among the others by the cycle's
rules; any other upheld appeal is recorded with its conclusion and shown on the cycle page.
The cycle cannot be made final while an appeal is pending (services/exemplars.py advance)."""

from __future__ import annotations

from datetime import date

from ...core.timeutil import local_today
from ...extensions import db
from ...kernel import SAME_TRANSACTION
from ..logic import workflow as wf
from ..models import Appeal, ExemplarCycle, Nomination
from ..queries import exemplars as ex
from . import appeals
from .common import AssessmentError, flush, require

DISQUALIFIED = "申诉复核后取消资格"


def appeal_open(cycle: ExemplarCycle, today: date | None = None) -> bool:
    """Same rule as a month: while in 公示, up to and including its last day."""
    return cycle.status == ex.PUBLICITY and wf.appeal_open(wf.PUBLICITY, cycle.publicity_end, today or local_today())


def appellant_window(user, cycle: ExemplarCycle) -> int | None:
    """The window the user works at in the cycle's period, or None when not on duty then."""
    if not getattr(user, "staff_id", None):
        return None
    return next((s.window_id for s in ex.candidates_on_duty(cycle) if s.id == user.staff_id), None)


def lodge_cycle_appeal(
    user, cycle: ExemplarCycle, reasons: str, nomination_id: int | None = None, today: date | None = None
) -> Appeal:
    require(user, "assessment.appeal")
    if not appeal_open(cycle, today):
        raise AssessmentError("只能在评选结果公示期内提出申诉。")
    window_id = appellant_window(user, cycle)
    if window_id is None:
        raise AssessmentError("只有本期在岗的窗口工作人员可以对评选结果提出申诉。")
    nom = None
    if nomination_id:
        nom = db.session.get(Nomination, int(nomination_id))
        if nom is None or nom.cycle_id != cycle.id or nom.withdrawn:
            raise AssessmentError("所申诉的人员不是本期候选人。")
        if not nom.selected and nom.window_id != window_id:
            raise AssessmentError("对未当选人员的评选结果，只有其本窗口的工作人员可以申诉。")
    details = {
        "cycle": cycle.id,
        "period": cycle.label,
        "nomination": nom.id if nom else None,
        "staff": nom.staff_name if nom else None,
    }
    appeal = appeals.lodge(user, reasons, details, cycle_id=cycle.id, nomination_id=nom.id if nom else None)
    flush()
    return appeal


def decide_cycle_appeal(user, appeal: Appeal, upheld: bool, decision: str, row_version=SAME_TRANSACTION) -> Appeal:
    require(user, "assessment.decide_appeal")
    if appeal.cycle_id is None:
        raise AssessmentError("该申诉不是针对服务标兵评选的申诉。")
    cycle = appeal.cycle
    if cycle.status != ex.PUBLICITY:
        raise AssessmentError("只有公示中的评选可以复核申诉。")
    details = {"cycle": cycle.id, **appeals.settle(user, appeal, upheld, decision, row_version)}
    nom = appeal.nomination
    if upheld and nom is not None and nom.selected:
        nom.ineligible = "；".join(r for r in (nom.ineligible, DISQUALIFIED) if r)
        for c in ex.results(cycle):
            n = db.session.get(Nomination, c.nomination_id)
            n.combined, n.selected, n.result_note = c.combined, c.selected, c.note[:120]
        details.update(
            disqualified=nom.staff_name,
            selected=sorted(n.staff_name for n in cycle.nominations if n.selected and not n.withdrawn),
        )
    appeals.audit_decision(user, appeal, details)
    flush()
    return appeal
