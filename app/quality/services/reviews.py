"""Management review (ISO 9001 9.3): a review of a period gathers its inputs (9.3.2) from the
records by itself, the meeting is recorded, its decisions and actions (9.3.3) are tracked to
closure (each may open a nonconformity or a document revision), the next review starts from the
open ones."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select

from ...audit.services import record
from ...core.timeutil import local_today, utcnow
from ...extensions import db
from ...kernel import SAME_TRANSACTION
from .. import queries
from ..logic import reviews as rl
from ..models import ManagementReview, ReviewAction
from .common import QualityError, check_version, flush, require
from .nonconformities import create_nc

REVIEW_PROCEDURE = "SF-QP-06"  # 管理评审程序
CATEGORIES = {
    "improvement": "改进的机会（9.3.3 a）",
    "change": "体系变更的需求（9.3.3 b）",
    "resource": "资源需求（9.3.3 c）",
}


def _next_number(year: int) -> str:
    n = (
        db.session.scalar(
            select(func.count()).select_from(ManagementReview).where(ManagementReview.number.like(f"GP-{year}-%"))
        )
        or 0
    )
    return f"GP-{year}-{n + 1:02d}"


def inputs(review: ManagementReview) -> dict:
    return json.loads(review.inputs_json or "{}")


def _gather(review: ManagementReview) -> None:
    facts = queries.review_facts(review.period_start, review.period_end, review.id, review.previous_id)
    composed = rl.compose(facts)
    old = inputs(review)
    for code, block in composed.items():  # what the meeting wrote by hand survives a re-gathering
        block["manual"] = (old.get(code) or {}).get("manual", "")
    review.inputs_json = json.dumps(composed, ensure_ascii=False)
    review.inputs_gathered_at = utcnow()


def create(
    user, period_start: date | None, period_end: date | None, planned_on: date | None = None
) -> ManagementReview:
    """A review of [period_start, period_end]; its inputs are gathered at once. The previous
    review (the latest one before) is linked, so its open actions come first (9.3.2 a)."""
    require(user, "quality.manage")
    if period_start is None or period_end is None or period_end < period_start:
        raise QualityError("请填写正确的评审期间（起止日期）。")
    previous = db.session.scalar(
        select(ManagementReview)
        .where(ManagementReview.period_end < period_end)
        .order_by(ManagementReview.period_end.desc())
        .limit(1)
    )
    r = ManagementReview(
        number=_next_number(period_end.year),
        period_start=period_start,
        period_end=period_end,
        held_on=planned_on,
        previous_id=previous.id if previous else None,
        created_by_id=user.id,
    )
    db.session.add(r)
    db.session.flush()
    _gather(r)
    flush()
    record(
        user,
        "create",
        "management_review",
        r.id,
        {"number": r.number, "period": f"{period_start}~{period_end}", "previous": previous.number if previous else ""},
    )
    return r


def regather(user, review: ManagementReview, row_version=SAME_TRANSACTION) -> ManagementReview:
    require(user, "quality.manage")
    check_version(review, row_version)
    if review.state != "draft":
        raise QualityError("评审已召开，输入已定稿，不能重新汇总。")
    _gather(review)
    flush()
    record(user, "gather", "management_review", review.id, {"number": review.number})
    return review


def note_input(
    user, review: ManagementReview, clause: str, text: str, row_version=SAME_TRANSACTION
) -> ManagementReview:
    """What the records cannot say (external providers, resources, risks) is written by hand."""
    require(user, "quality.manage")
    check_version(review, row_version)
    if review.state != "draft":
        raise QualityError("评审已召开，输入已定稿。")
    data = inputs(review)
    if clause not in data:
        raise QualityError("没有这一项评审输入。")
    data[clause]["manual"] = (text or "").strip()
    review.inputs_json = json.dumps(data, ensure_ascii=False)
    flush()
    record(user, "note", "management_review", review.id, {"number": review.number, "clause": clause, "text": text})
    return review


def hold(
    user,
    review: ManagementReview,
    held_on: date | None,
    chair: str,
    attendees: str,
    conclusion: str,
    row_version=SAME_TRANSACTION,
) -> ManagementReview:
    """The meeting: date, chair, attendees and the conclusion on the system's suitability,
    adequacy and effectiveness (9.3.3). The inputs are frozen as they stood."""
    require(user, "quality.manage")
    check_version(review, row_version)
    if review.state != "draft":
        raise QualityError("该评审已召开。")
    chair, attendees, conclusion = (chair or "").strip(), (attendees or "").strip(), (conclusion or "").strip()
    if held_on is None or not chair or not attendees or not conclusion:
        raise QualityError("请填写会议日期、主持人、参加人员和评审结论。")
    if held_on < review.period_end:
        raise QualityError("评审会议应在评审期结束之后召开。")
    _gather(review)
    review.held_on, review.chair, review.attendees, review.conclusion = held_on, chair, attendees, conclusion
    review.state = "held"
    review.procedure_version_id = queries.procedure_version_id(REVIEW_PROCEDURE, held_on)
    flush()
    record(
        user,
        "hold",
        "management_review",
        review.id,
        {"number": review.number, "held_on": held_on.isoformat(), "chair": chair, "conclusion": conclusion},
    )
    return review


def add_action(
    user,
    review: ManagementReview,
    text: str,
    category: str,
    owner_id: int | None,
    due_on: date | None,
    opens: str = "",
    document_number: str = "",
    severity: str = "minor",
    iso_clause: str = "",
    today: date | None = None,
) -> ReviewAction:
    """A decision or action of the meeting (9.3.3). `opens` = "nc" raises a nonconformity
    (source 管理评审决定), "revision" opens a draft revision of `document_number` whose reason
    for change names the review."""
    require(user, "quality.manage")
    today = today or local_today()
    if review.state != "held":
        raise QualityError("评审会议召开后才能登记决定和措施。")
    text = (text or "").strip()
    if not text:
        raise QualityError("请填写决定或措施的内容。")
    if category not in CATEGORIES:
        raise QualityError("请选择输出类别。")
    if not owner_id or due_on is None:
        raise QualityError("请指定措施负责人和完成期限。")
    a = ReviewAction(review_id=review.id, text=text, category=category, owner_id=owner_id, due_on=due_on)
    db.session.add(a)
    db.session.flush()
    if opens == "nc":
        nc = create_nc(
            user,
            source="review",
            title=f"管理评审决定：{text}"[:200],
            description=f"{review.number} 管理评审决定：{text}",
            found_on=review.held_on,
            iso_clause=iso_clause or "9.3.3",
            severity=severity,
            owner_id=owner_id,
            source_ref=f"review:{review.number}",
            review_action_id=a.id,
            today=today,
        )
        a.nc_id = nc.id
    elif opens == "revision":
        from ...auth.permissions import can
        from ...documents.services import find_by_number

        number = (document_number or "").strip()
        if find_by_number(number) is None:
            raise QualityError(f"没有编号为 {number or '（空）'} 的文件。")
        a.document_number = number
        if can(user, "documents.edit"):
            a.revision_version_id = _open_revision(user, review, a, number).id
    elif opens:
        raise QualityError("措施的去向不正确。")
    flush()
    record(
        user,
        "action",
        "management_review",
        review.id,
        {
            "number": review.number,
            "action": a.id,
            "text": text,
            "owner_id": owner_id,
            "due_on": due_on.isoformat(),
            "opens": opens,
            "document": document_number,
        },
    )
    return a


def _open_revision(user, review: ManagementReview, action: ReviewAction, number: str):
    from ...documents import services as docs

    doc = docs.find_by_number((number or "").strip())
    if doc is None:
        raise QualityError(f"没有编号为 {number} 的文件。")
    reason = f"管理评审 {review.number} 决定：{action.text}"
    try:
        return docs.create_draft(user, doc, change_reason=reason, details={"management_review": review.number})
    except docs.DocumentError as exc:
        raise QualityError(str(exc)) from exc


def open_action_revision(user, action: ReviewAction) -> ReviewAction:
    """The owner of an action that changes a document starts its draft revision (the document
    team's permission applies); the reason for change names the review."""
    if user is None or not (user.id == action.owner_id or _can_manage(user)):
        raise QualityError("只有措施负责人可以发起文件修订。")
    if action.state != "open" or not action.document_number:
        raise QualityError("该措施不涉及文件修订，或已办结。")
    if action.revision_version_id:
        raise QualityError(f"已发起修订 {action.revision.document.number} {action.revision.revision}。")
    version = _open_revision(user, action.review, action, action.document_number)
    action = db.session.get(ReviewAction, action.id)
    action.revision_version_id = version.id
    flush()
    record(
        user,
        "revise",
        "management_review",
        action.review_id,
        {"action": action.id, "document": action.document_number, "revision": version.revision},
    )
    return action


def complete_action(
    user, action: ReviewAction, note: str, row_version=SAME_TRANSACTION, today: date | None = None
) -> ReviewAction:
    """An action done, with what was done; one that opened a nonconformity closes with it, one that
    opened a revision is done when the revision is approved."""
    today = today or local_today()
    if not (user is not None and (user.id == action.owner_id or _can_manage(user))):
        raise QualityError("只有措施负责人或质量负责人可以办结该措施。")
    check_version(action, row_version)
    if action.state != "open":
        raise QualityError("该措施已办结。")
    if action.nc_id and action.nc.state not in ("closed", "voided"):
        raise QualityError(f"该措施对应的不合格 {action.nc.number} 尚未关闭。")
    if action.document_number and action.revision is None:
        raise QualityError(f"该措施要求修订 {action.document_number}，请先发起修订。")
    if action.revision is not None and action.revision.status != "approved":
        raise QualityError(
            f"该措施要求修订的文件 {action.revision.document.number} {action.revision.revision} 尚未批准。"
        )
    note = (note or "").strip()
    if not note:
        raise QualityError("请填写完成情况。")
    action.state, action.done_on, action.done_note = "done", today, note
    flush()
    record(user, "action_done", "management_review", action.review_id, {"action": action.id, "note": note})
    return action


def _can_manage(user) -> bool:
    from ...auth.permissions import can

    return can(user, "quality.manage")


def issue_minutes(
    user, review: ManagementReview, row_version=SAME_TRANSACTION, today: date | None = None
) -> ManagementReview:
    """The minutes become a record (7.5.3): issued once, the review is closed for edits."""
    require(user, "quality.manage")
    check_version(review, row_version)
    if review.state != "held":
        raise QualityError("评审会议召开后才能发布评审报告。")
    review.minutes_issued_on = today or local_today()
    review.state = "closed"
    flush()
    record(
        user,
        "minutes",
        "management_review",
        review.id,
        {"number": review.number, "on": review.minutes_issued_on.isoformat()},
    )
    return review
