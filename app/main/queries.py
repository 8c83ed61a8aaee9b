"""What is waiting for this person: the home page's 待办 list.

Each item is offered only when the user holds the permission of the page it links to and that
page's blueprint is registered, so a role never sees a task it cannot open.

Each room's part of the list is kept between requests (app/core/cache.py) keyed on the person
(id and role) and the day, under the room's topic: any committed change to that room's models
recomputes it, in every worker. Computing it costs a fixed number of statements whatever the
number of documents (the versions in force are read once per request and shared).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for

from ..auth.permissions import can
from ..core import cache
from ..core.timeutil import format_date_cn, local_today
from ..extensions import db


@dataclass
class Task:
    text: str
    url: str
    urgent: bool = False


def _has(endpoint: str) -> bool:
    return endpoint in current_app.view_functions


def _kept(topics, name: str, user, today, compute) -> list[Task]:
    key = (name, getattr(user, "id", None), getattr(user, "role", None), getattr(user, "staff_id", None), today)
    return list(cache.cached(topics, key, compute))


def document_tasks(user, today) -> list[Task]:
    # The signature check keeps its own stamp (signatures and audit entries, re-checked every few
    # minutes: tampering happens outside the app), so it is asked on every visit, outside the kept list.
    return signature_tasks(user) + _kept(
        "documents", "home.document_tasks", user, today, lambda: _document_tasks(user, today)
    )


def signature_tasks(user) -> list[Task]:
    if not (can(user, "documents.edit") and _has("documents.version")):
        return []
    from ..documents.services.signatures import failing_versions

    tasks = []
    for check in failing_versions():
        v = check.version
        tasks.append(
            Task(
                f"签名校验失败：{v.document.number}《{v.document.title}》{v.revision}——"
                f"{check.problems[0]}（共 {len(check.problems)} 处，请核查并向质量负责人报告）",
                url_for("documents.version", version_id=v.id),
                urgent=True,
            )
        )
    return tasks


def _document_tasks(user, today) -> list[Task]:
    from sqlalchemy.orm import defer, selectinload

    from ..documents import queries, services
    from ..documents.logic import lifecycle as lc
    from ..documents.models import DocumentVersion
    from ..documents.services import reading

    tasks: list[Task] = []
    if can(user, "documents.sign") and _has("documents.sign"):
        in_review = db.session.scalars(
            db.select(DocumentVersion)
            .where(DocumentVersion.status == lc.IN_REVIEW)
            .options(
                defer(DocumentVersion.content_md),
                selectinload(DocumentVersion.document),
                selectinload(DocumentVersion.signatures),
            )
        ).all()
        for v in in_review:
            steps = services.signer_steps(user, v)
            if steps:
                what = "审核" if "reviewer" in steps else "批准"
                tasks.append(
                    Task(
                        f"待您{what}签名：{v.document.number}《{v.document.title}》{v.revision}",
                        url_for("documents.sign", version_id=v.id),
                        urgent=True,
                    )
                )
    if can(user, "documents.edit") and _has("documents.version"):
        mine = db.session.scalars(
            db.select(DocumentVersion)
            .where(DocumentVersion.status == lc.DRAFT, DocumentVersion.author_id == user.id)
            .options(defer(DocumentVersion.content_md), selectinload(DocumentVersion.document))
        ).all()
        for v in mine:
            tasks.append(
                Task(
                    f"您的草稿未提交审核：{v.document.number}《{v.document.title}》{v.revision}",
                    url_for("documents.version", version_id=v.id),
                )
            )
    if can(user, "documents.acknowledge") and _has("documents.to_read"):
        n = len(reading.to_read(user, today))
        if n:
            tasks.append(Task(f"有 {n} 份现行文件待您签阅", url_for("documents.to_read")))
    if can(user, "documents.review_due") and _has("documents.review_due"):
        rows = queries.review_dashboard(today)
        overdue = sum(1 for r in rows if r.due.state == "overdue")
        soon = sum(1 for r in rows if r.due.state == "due_soon")
        if overdue or soon:
            parts = ([f"{overdue} 份已逾期"] if overdue else []) + ([f"{soon} 份 30 天内到期"] if soon else [])
            tasks.append(
                Task(f"文件定期评审：{'，'.join(parts)}", url_for("documents.review_due"), urgent=bool(overdue))
            )
    return tasks


def records_tasks(user, today) -> list[Task]:
    if not (can(user, "records.view") and _has("records.lights")):
        return []
    return _kept("records", "home.records_tasks", None, today, lambda: _records_tasks(today))


def _records_tasks(today) -> list[Task]:
    from ..records.queries.dashboard import open_lights_by_window

    lights = open_lights_by_window(today)
    red = sum(x.get("red", 0) for x in lights.values())
    yellow = sum(x.get("yellow", 0) for x in lights.values())
    if not (red or yellow):
        return []
    return [Task(f"全中心在办件亮灯：红灯 {red} 件、黄灯 {yellow} 件", url_for("records.lights"), urgent=bool(red))]


def assessment_tasks(user, today) -> list[Task]:
    return _kept("assessment", "home.assessment_tasks", user, today, lambda: _assessment_tasks(user, today))


def _assessment_tasks(user, today) -> list[Task]:
    from ..assessment.logic import workflow as wf
    from ..assessment.models import AssessmentMonth, ExemplarCycle, VoterReceipt
    from ..assessment.queries.exemplars import VOTING

    tasks: list[Task] = []
    if not _has("assessment.month"):
        return tasks
    months = db.session.scalars(
        db.select(AssessmentMonth)
        .where(AssessmentMonth.status.in_([wf.OPEN, wf.SCORING, wf.SUBMITTED, wf.PUBLICITY]))
        .order_by(AssessmentMonth.year, AssessmentMonth.month)
    ).all()
    for m in months:
        url = url_for("assessment.month", year=m.year, month=m.month)
        if m.status in (wf.OPEN, wf.SCORING) and can(user, "assessment.score"):
            tasks.append(Task(f"{m.label}考核评分中，完成后提交审核", url))
        elif m.status == wf.SUBMITTED and can(user, "assessment.lock"):
            tasks.append(Task(f"{m.label}考核已提交，待审核锁定", url, urgent=True))
        elif m.status == wf.PUBLICITY and m.publicity_end:
            if wf.appeal_open(m.status, m.publicity_end, today) and can(user, "assessment.appeal"):
                tasks.append(
                    Task(
                        f"{m.label}考核结果公示中，如有异议请于 {format_date_cn(m.publicity_end)} 前申诉",
                        url_for("assessment.ranking", year=m.year, month=m.month),
                    )
                )
            elif can(user, "assessment.decide_appeal"):
                tasks.append(Task(f"{m.label}考核公示至 {format_date_cn(m.publicity_end)}，期满复核申诉后定稿", url))
    if can(user, "assessment.vote") and _has("assessment.cycle"):
        voting = db.session.scalars(db.select(ExemplarCycle).where(ExemplarCycle.status == VOTING)).all()
        for c in voting:
            voted = db.session.scalar(
                db.select(VoterReceipt.id).where(VoterReceipt.cycle_id == c.id, VoterReceipt.user_id == user.id)
            )
            if not voted:
                tasks.append(
                    Task(
                        f"“服务标兵”民主测评投票中（{c.label}），请投票",
                        url_for("assessment.cycle", cycle_id=c.id),
                        urgent=True,
                    )
                )
    return tasks


def hall_tasks(user, today) -> list[Task]:
    """首问 hand-overs waiting for the user's window (or all, for managers), 推诿, complaint steps."""
    if not (can(user, "hall.view") and _has("hall.index")):
        return []
    from ..hall import home

    return _kept(
        ("hall", "records"),
        "home.hall_tasks",
        user,
        today,
        lambda: [
            Task(text, url_for(endpoint, **args), urgent) for text, endpoint, args, urgent in home.tasks(user, today)
        ],
    )


def quality_tasks(user, today) -> list[Task]:
    """Corrective-action steps owned, audits on the team of, review actions owned, proposals."""
    if not (can(user, "quality.view") and _has("quality.index")):
        return []
    from ..quality import home

    return _kept(
        ("quality", "records", "documents"),
        "home.quality_tasks",
        user,
        today,
        lambda: [
            Task(text, url_for(endpoint, **args), urgent) for text, endpoint, args, urgent in home.tasks(user, today)
        ],
    )


def tasks_for(user) -> list[Task]:
    today = local_today()
    found = (
        document_tasks(user, today)
        + records_tasks(user, today)
        + assessment_tasks(user, today)
        + hall_tasks(user, today)
        + quality_tasks(user, today)
    )
    return sorted(found, key=lambda t: not t.urgent)
