"""Read-only: the month's evaluation record of GB/T 32169.4-2015 — the evaluation plan (评价方案),
the material gathered (评价材料), each window's four indicator groups from the records (section 6,
computed by logic/evaluation.py) and the summary with improvement points (总结, 改进提高)."""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ...core.timeutil import local_today
from ...extensions import db
from ..logic import evaluation as ev
from ..logic.ordering import by_window_number
from ..models import ACCEPTED, AssessmentMonth, ScoreEntry, ScoreSheet

EVIDENCE_WORDS = {
    "case": "办件",
    "complaints": "投诉",
    "ratings": "好差评",
    "attendance": "考勤",
    "commendations": "表扬",
}


@dataclass
class MonthEvaluation:
    month: AssessmentMonth
    plan: dict
    material: list[tuple[str, int]]
    rows: list[tuple[ScoreSheet, ev.WindowEvaluation]]
    summary: list[str] = field(default_factory=list)


def _records():
    from ...records import models

    return models


def window_month(window_id: int, name: str, year: int, month: int, today: date | None = None) -> ev.WindowEvaluation:
    m = _records()
    C, E, R, K = m.Case, m.CaseEvent, m.Rating, m.Complaint
    first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    rows = db.session.scalars(
        db.select(C).where(
            C.window_id == window_id,
            C.voided_at.is_(None),
            db.or_(
                C.received_on.between(first, last),
                C.completed_on.between(first, last),
                db.and_(C.is_open.is_(True), C.received_on <= last),
            ),
        )
    ).all()
    refused_ids = [c.id for c in rows if c.state == "not_accepted" or c.outcome == "refused"]
    reasons: dict[int, str] = {}
    for case_id, note in (
        db.session.execute(
            db.select(E.case_id, E.note)
            .where(E.case_id.in_(refused_ids), E.kind.in_(("not_accept", "complete")))
            .order_by(E.id)
        )
        if refused_ids
        else []
    ):
        reasons[case_id] = (note or "").strip() or reasons.get(case_id, "")
    cases = [
        ev.CaseRow(
            c.received_on,
            bool(c.is_instant),
            c.completed_on,
            c.due_on,
            c.state == "not_accepted" or c.outcome == "refused",
            c.completed_on,
            reasons.get(c.id, "") or (c.note or "").strip(),
            c.stopped_workdays or 0,
            c.limit_days or 0,
        )
        for c in rows
    ]
    grades = list(
        db.session.scalars(
            db.select(R.grade).where(R.window_id == window_id, R.voided_at.is_(None), R.rated_on.between(first, last))
        )
    )
    complaints = [
        ev.ComplaintRow(k.received_on, k.valid, k.deadline_on, k.replied_on)
        for k in db.session.scalars(
            db.select(K).where(K.window_id == window_id, K.voided_at.is_(None), K.received_on.between(first, last))
        )
    ]
    return ev.evaluate(window_id, name, first, last, today or local_today(), cases, grades, complaints)


def _name(user) -> str:
    return (getattr(user, "display_name", "") or getattr(user, "username", "")) if user else "—"


def month_evaluation(month: AssessmentMonth) -> MonthEvaluation:
    from ...auth.models import User

    sv = month.scheme_version
    people = {
        uid: db.session.get(User, uid) for uid in (month.opened_by_id, month.submitted_by_id, month.locked_by_id) if uid
    }
    plan = {
        "period": month.label,
        "evaluators": [
            ("开启与评分", _name(people.get(month.opened_by_id))),
            ("提交", _name(people.get(month.submitted_by_id)) if month.submitted_by_id else "（未提交）"),
            ("审核锁定", _name(people.get(month.locked_by_id)) if month.locked_by_id else "（未锁定）"),
        ],
        "scheme": f"{sv.document_version.document.number} {sv.document_version.revision}《{sv.scheme.name}》",
        "indicators": [
            "百分制考核：" + "、".join(c.name for c in sv.scheme.categories) + "，加分与一票否决",
            *[f"GB/T 32169.4-2015 第6章：{g}" for g in ev.GROUPS],
        ],
    }
    kinds: Counter = Counter()
    entries = db.session.scalars(
        db.select(ScoreEntry).join(ScoreSheet).where(ScoreSheet.month_id == month.id, ScoreEntry.status == ACCEPTED)
    ).all()
    for e in entries:
        for item in e.evidence:
            kinds[item["kind"]] += 1
    material = [("计分记录", len(entries)), ("其中有附件", sum(1 for e in entries if e.attachment_path))]
    material += [(f"所依据的{EVIDENCE_WORDS.get(k, k)}记录", n) for k, n in sorted(kinds.items())]
    rows = [
        (s, window_month(s.window_id, s.window_name, month.year, month.month)) for s in by_window_number(month.sheets)
    ]
    summary = _summary(rows)
    return MonthEvaluation(month, plan, material, rows, summary)


def _summary(rows) -> list[str]:
    if not rows:
        return ["本月没有参加评价的窗口。"]
    evs = [e for _s, e in rows]
    done = sum(e.completed for e in evs)
    on_time = sum(e.on_time for e in evs)
    rated = sum(e.ratings for e in evs)
    satisfied = sum(e.satisfied for e in evs)
    out = [
        f"{len(evs)} 个窗口办结 {done} 件，按时办结率 {ev._rate(on_time, done) if done else '—'}%；"
        f"好差评 {rated} 条，满意率 {ev._rate(satisfied, rated) if rated else '—'}%；"
        f"异常办理 {sum(e.abnormal for e in evs)} 件；投诉 {sum(e.complaints for e in evs)} 件，"
        f"属实 {sum(e.upheld for e in evs)} 件。"
    ]
    out += [f"{e.name}：{'；'.join(e.improvements)}。" for e in evs if e.improvements]
    if len(out) == 1:
        out.append("各窗口四项指标均无需改进的事项，继续保持。")
    return out
