"""联办件 / 并联审批 and 上报件 as procedures on a records case.

A joint case gets a lead stage (its window's commitment = the case's limit) and one stage per
co-window. 超时默许 is recorded by `sweep_deemed` (run by the lights page's query path, the
home page and `flask hall sweep`): an unanswered co-window stage past its due date becomes
answer='deemed', answered on the deemed day, and its window is charged."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, true

from ...audit.services import record
from ...core.timeutil import local_today
from ...extensions import db
from ...kernel import check_version, flush, require
from ...records.models import Case, Window
from ...records.services import cases as case_services
from ..logic import joint as rules
from ..logic import reporting
from ..models import CaseReport, JointStage
from .common import HallError, records_call, require_window


def _policy():
    return case_services.light_policy()


def _stage(case: Case, window_id: int, role: str, started_on: date, limit: int, user) -> JointStage:
    s = JointStage(
        case_id=case.id,
        window_id=window_id,
        role=role,
        started_on=started_on,
        limit_days=limit,
        due_on=rules.stage_due(started_on, limit),
        yellow_on=rules.stage_yellow(started_on, limit, _policy()),
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(s)
    return s


def stages_of(case_id: int) -> list[JointStage]:
    return db.session.scalars(
        select(JointStage).where(JointStage.case_id == case_id).order_by(JointStage.role.desc(), JointStage.id)
    ).all()


def make_joint(user, case: Case, co_windows: list[tuple[int, int]], started_on: date | None = None) -> list[JointStage]:
    """联办: the case's window leads (its commitment is the case deadline); co-windows get
    stages with their own limits. co_windows: [(window_id, limit_days)]."""
    require(user, "hall.desk")
    started_on = started_on or local_today()
    require_window(user, case.window_id, started_on, "rec_cases", case.id, "joint")
    if not case.is_open:
        raise HallError("已结束的办件不能发起联办。")
    if stages_of(case.id):
        raise HallError("该办件已是联办件。")
    co = [(w, n) for w, n in co_windows if w and w != case.window_id]
    if not co:
        raise HallError("请至少选择一个协办窗口（不能是牵头窗口本身）。")
    if len({w for w, _ in co}) != len(co):
        raise HallError("协办窗口不能重复。")
    for w, n in co:
        if db.session.get(Window, w) is None:
            raise HallError("协办窗口不存在。")
        if n < 1 or n > 60:
            raise HallError("协办时限应为 1 至 60 个工作日。")
    lead = _stage(case, case.window_id, rules.LEAD, case.received_on, case.limit_days, user)
    if case.due_on:  # the case deadline is the lead's commitment, stops of the case clock included
        lead.due_on = case.due_on
        lead.yellow_on = case.yellow_on or lead.yellow_on
    stages = [lead]
    stages += [_stage(case, w, rules.CO, started_on, n, user) for w, n in co]
    case.handling_class = "joint"
    flush()
    record(
        user,
        "update",
        "rec_cases",
        case.id,
        {
            "step": "joint",
            "lead_window_id": case.window_id,
            "co_windows": [{"window_id": w, "limit_days": n} for w, n in co],
        },
    )
    return stages


def answer_stage(user, stage: JointStage, answer: str, note: str, version, on: date | None = None) -> JointStage:
    """A co-window answers (同意 / 不同意) its stage; an answer after the due date is charged."""
    require(user, "hall.desk")
    check_version(stage, version)
    on = on or local_today()
    if stage.role != rules.CO:
        raise HallError("牵头窗口的阶段随办件办结，不单独答复。")
    if not stage.is_open:
        raise HallError("该阶段已经答复（或已超时默许）。")
    if answer not in (rules.AGREE, rules.DISAGREE):
        raise HallError("请选择同意或不同意。")
    if answer == rules.DISAGREE and not (note or "").strip():
        raise HallError("不同意时请写明理由。")
    require_window(user, stage.window_id, on, "hall_joint_stages", stage.id, "answer")
    if rules.is_deemed(stage.role, stage.started_on, stage.limit_days, None, on):
        raise HallError(f"该阶段已于 {rules.deemed_on(stage.started_on, stage.limit_days):%Y-%m-%d} 超时，视为同意。")
    stage.answer, stage.answer_note, stage.answered_on, stage.is_open = answer, (note or "").strip(), on, False
    stage.charged = on > stage.due_on
    flush()
    record(
        user,
        "update",
        "hall_joint_stages",
        stage.id,
        {"answer": answer, "on": on.isoformat(), "charged": stage.charged},
    )
    return stage


def sweep_deemed(today: date, user=None) -> list[JointStage]:
    """Record 超时默许 for every co-window stage past its due date without an answer, and close
    the lead stages whose case has ended."""
    due = db.session.scalars(
        select(JointStage).where(JointStage.is_open == true(), JointStage.role == rules.CO, JointStage.due_on < today)
    ).all()
    for s in due:
        s.answer, s.answered_on = rules.DEEMED, rules.deemed_on(s.started_on, s.limit_days)
        s.is_open, s.charged = False, True
        s.answer_note = "协办窗口逾期未答复，按超时默许制视为同意。"
        record(
            user,
            "update",
            "hall_joint_stages",
            s.id,
            {"answer": "deemed", "on": s.answered_on.isoformat(), "charged": True},
        )
    # A lead stage ends with its case (办结, 撤销, 不予受理 in the records room): no light after that.
    ended = db.session.scalars(
        select(JointStage)
        .join(Case, Case.id == JointStage.case_id)
        .where(JointStage.is_open == true(), JointStage.role == rules.LEAD, Case.is_open.is_(False))
    ).all()
    for s in ended:
        s.is_open, s.answered_on, s.answer = False, s.case.completed_on or today, rules.AGREE
    if due or ended:
        flush()
    return due


# ------------------------------------------------------------------------------ 上报件


def report(user, case: Case, authority: str, on: date, version) -> CaseReport:
    """上报: the clock stands still (records 暂停计时) from the day of the report."""
    require(user, "hall.desk")
    if not (authority or "").strip():
        raise HallError("请填写上报的上级机关。")
    if db.session.scalar(select(CaseReport.id).where(CaseReport.case_id == case.id, CaseReport.answered_on.is_(None))):
        raise HallError("该办件已上报，尚待上级答复。")
    records_call(case_services.step, user, case, "pause", on, expected_version=version, note=f"上报{authority.strip()}")
    case.handling_class = "report" if case.handling_class != "joint" else case.handling_class
    rep = CaseReport(case_id=case.id, authority=authority.strip()[:120], reported_on=on, created_by_id=user.id)
    db.session.add(rep)
    flush()
    late = reporting.view(case.accepted_on or case.received_on, on, None, None, on).reported_late
    record(
        user,
        "create",
        "hall_case_reports",
        rep.id,
        {"case": case.number, "authority": rep.authority, "reported_on": on.isoformat(), "late": late},
    )
    return rep


def record_answer(user, rep: CaseReport, answer: str, on: date, version) -> CaseReport:
    """上级答复: the clock runs again; the applicant is to be told within 2 working days."""
    require(user, "hall.desk")
    check_version(rep, version)
    if rep.answered_on is not None:
        raise HallError("上级答复已登记。")
    if not (answer or "").strip():
        raise HallError("请填写上级答复内容。")
    if on < rep.reported_on:
        raise HallError("答复日期不能早于上报日期。")
    case = rep.case
    records_call(case_services.step, user, case, "resume", on, expected_version=case.row_version, note="上级答复")
    rep.answer, rep.answered_on = answer.strip(), on
    flush()
    record(user, "update", "hall_case_reports", rep.id, {"answered_on": on.isoformat()})
    return rep


def record_informed(user, rep: CaseReport, on: date, version) -> CaseReport:
    """告知申请人: the applicant was told the higher authority's answer (due within 2 working days)."""
    require(user, "hall.desk")
    check_version(rep, version)
    if rep.answered_on is None:
        raise HallError("上级尚未答复，不能登记告知。")
    if rep.informed_on is not None:
        raise HallError("已登记告知申请人。")
    if on < rep.answered_on:
        raise HallError("告知日期不能早于上级答复日期。")
    require_window(user, rep.case.window_id, on, "hall_case_reports", rep.id, "inform")
    rep.informed_on = on
    flush()
    late = reporting.view(rep.reported_on, rep.reported_on, rep.answered_on, on, on).informed_late
    record(user, "update", "hall_case_reports", rep.id, {"step": "inform", "on": on.isoformat(), "late": late})
    return rep


def reports_of(case_id: int) -> list[CaseReport]:
    return db.session.scalars(select(CaseReport).where(CaseReport.case_id == case_id).order_by(CaseReport.id)).all()
