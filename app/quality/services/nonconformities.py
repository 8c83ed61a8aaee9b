"""Nonconformities and corrective actions (ISO 9001 10.2): open, work each step, check the
effectiveness against the records, close with a signature (password re-entered)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ...audit.services import record
from ...auth.permissions import can
from ...core.timeutil import local_today
from ...extensions import db
from ...kernel import SAME_TRANSACTION
from .. import queries
from ..logic import steps as st
from ..logic.vocab import CAUSE_CATEGORIES, CAUSE_METHODS, CLOSED, SEVERITIES, SOURCES, STEP_LABELS, VOIDED
from ..models import NcStep, Nonconformity
from .common import QualityError, check_version, flush, require, step_policy


def _next_number(year: int) -> str:
    n = (
        db.session.scalar(
            select(func.count()).select_from(Nonconformity).where(Nonconformity.number.like(f"BHG-{year}-%"))
        )
        or 0
    )
    return f"BHG-{year}-{n + 1:03d}"


def _rule_version(rule_number: str, article: str, on: date):
    """The version of the rule in force on `on`, checking the cited article exists in it."""
    from ...core.cn_numerals import cn_to_int
    from ...documents.services import find_by_number, version_in_force
    from ...rules.logic.articles import find_article, split_articles

    if not rule_number:
        if article:
            raise QualityError("引用条文时请同时填写制度编号。")
        return None
    doc = find_by_number(rule_number)
    if doc is None:
        raise QualityError(f"没有编号为 {rule_number} 的文件。")
    version = version_in_force(doc, on)
    if version is None:
        raise QualityError(f"{rule_number} 在 {on.isoformat()} 没有现行版本。")
    if article:
        num = article.strip().removeprefix("第").removesuffix("条")
        n = int(num) if num.isdigit() else cn_to_int(num)
        if not n:
            raise QualityError(f"条文“{article}”写法不对，应为“第十条”。")
        if find_article(split_articles(version.content_md), n) is None:
            raise QualityError(f"{rule_number} {version.revision} 中没有{article}。")
    return version


def _start_step(nc: Nonconformity, step: str, on: date, owner_id: int | None, action_due: date | None = None) -> NcStep:
    due = st.deadline(step, on, nc.severity, step_policy(), action_due=action_due)
    s = NcStep(nc=nc, step=step, owner_id=owner_id, started_on=on, due_on=due)
    db.session.add(s)
    nc.state = step
    return s


def current_step(nc: Nonconformity) -> NcStep | None:
    open_steps = [s for s in nc.steps if s.done_on is None]
    return open_steps[-1] if open_steps else None


def open_nc(
    user,
    *,
    source: str,
    title: str,
    description: str = "",
    found_on: date | None = None,
    window_id: int | None = None,
    department_id: int | None = None,
    process: str = "",
    iso_clause: str = "",
    rule_number: str = "",
    rule_article: str = "",
    severity: str = "minor",
    owner_id: int | None = None,
    source_ref: str = "",
    audit_id: int | None = None,
    today: date | None = None,
) -> Nonconformity:
    """A numbered nonconformity whose first step (纠正) starts today with its deadline."""
    require(user, "quality.manage")
    return create_nc(
        user,
        source=source,
        title=title,
        description=description,
        found_on=found_on,
        window_id=window_id,
        department_id=department_id,
        process=process,
        iso_clause=iso_clause,
        rule_number=rule_number,
        rule_article=rule_article,
        severity=severity,
        owner_id=owner_id,
        source_ref=source_ref,
        audit_id=audit_id,
        today=today,
    )


def create_nc(
    user,
    *,
    source: str,
    title: str,
    description: str = "",
    found_on: date | None = None,
    window_id: int | None = None,
    department_id: int | None = None,
    process: str = "",
    iso_clause: str = "",
    rule_number: str = "",
    rule_article: str = "",
    severity: str = "minor",
    owner_id: int | None = None,
    source_ref: str = "",
    audit_id: int | None = None,
    review_action_id: int | None = None,
    today: date | None = None,
) -> Nonconformity:
    """open_nc without the role check, for the services that decide who may raise one themselves
    (an audit team member recording a 不符合, a management review's decision)."""
    today = today or local_today()
    found_on = found_on or today
    title = (title or "").strip()
    if not title:
        raise QualityError("请填写不合格的标题。")
    if source not in SOURCES:
        raise QualityError("请选择不合格的来源。")
    if severity not in SEVERITIES:
        raise QualityError("请选择严重程度。")
    if not (iso_clause or rule_number):
        raise QualityError("请填写未满足的要求：ISO 9001 条款或制度条文至少一项。")
    if window_id and not department_id:
        from ...records.models import Window

        w = db.session.get(Window, window_id)
        if w is None:
            raise QualityError("窗口不存在。")
        department_id = w.department_id
    version = _rule_version(rule_number.strip(), rule_article.strip(), found_on)
    nc = Nonconformity(
        number=_next_number(found_on.year),
        source=source,
        source_ref=source_ref,
        title=title,
        description=(description or "").strip(),
        found_on=found_on,
        window_id=window_id or None,
        department_id=department_id or None,
        process=process.strip(),
        iso_clause=iso_clause.strip(),
        rule_number=rule_number.strip(),
        rule_article=rule_article.strip(),
        rule_version_id=version.id if version else None,
        severity=severity,
        owner_id=owner_id or user.id,
        audit_id=audit_id,
        review_action_id=review_action_id,
        created_by_id=user.id,
    )
    db.session.add(nc)
    _start_step(nc, "correction", today, nc.owner_id)
    flush()
    record(
        user,
        "create",
        "nonconformity",
        nc.id,
        {"number": nc.number, "source": source, "title": title, "severity": severity, "source_ref": source_ref},
    )
    return nc


def may_work(user, nc: Nonconformity) -> bool:
    """The owner of the current step, the NC owner or a quality manager may complete it."""
    s = current_step(nc)
    if user is None or nc.state in (CLOSED, VOIDED, "closure"):
        return False
    if can(user, "quality.manage"):
        return True
    return can(user, "quality.act") and user.id in {nc.owner_id, s.owner_id if s else None}


FIELDS = {
    "correction": ("correction",),
    "root_cause": ("cause_method", "cause_category", "why_chain", "root_cause", "similar_note"),
    "action": ("action_plan", "action_owner_id", "action_due_on"),
    "verification": ("verification_note",),
    "effectiveness": ("effectiveness_note",),
}


def complete_step(
    user, nc: Nonconformity, step: str, values: dict, row_version=SAME_TRANSACTION, today: date | None = None
) -> Nonconformity:
    """Record what a step found or did and start the next one. 有效性评价 goes through
    check_effectiveness, 关闭 through close."""
    today = today or local_today()
    if not may_work(user, nc):
        raise QualityError("您不是当前步骤的负责人，或该不合格已关闭。")
    check_version(nc, row_version)
    if step != nc.state or step in ("effectiveness", "closure"):
        raise QualityError(
            f"当前步骤是“{STEP_LABELS.get(nc.state, nc.state)}”，不能办理“{STEP_LABELS.get(step, step)}”。"
        )
    clean = {}
    for key in FIELDS[step]:
        v = values.get(key)
        clean[key] = v.strip() if isinstance(v, str) else v
    if step == "root_cause":
        if clean.get("cause_method") and clean["cause_method"] not in CAUSE_METHODS:
            raise QualityError("原因分析方法不正确。")
        if clean.get("cause_category") and clean["cause_category"] not in CAUSE_CATEGORIES:
            raise QualityError("原因类别不正确。")
    if step == "action":
        if clean.get("action_owner_id"):
            clean["action_owner_id"] = int(clean["action_owner_id"])
        due = clean.get("action_due_on")
        if isinstance(due, str) and due:
            try:
                clean["action_due_on"] = date.fromisoformat(due)
            except ValueError as exc:
                raise QualityError("措施完成期限格式应为 YYYY-MM-DD。") from exc
        if clean.get("action_due_on") and clean["action_due_on"] < today:
            raise QualityError("措施完成期限不能早于今天。")
    missing = st.check_ready(step, clean)
    if missing:
        raise QualityError(" ".join(missing))
    for key, v in clean.items():
        setattr(nc, key, v if v is not None else ("" if key not in ("action_owner_id", "action_due_on") else None))
    if step == "verification":
        if nc.revision is not None and nc.revision.status != "approved":
            raise QualityError(
                f"措施要求修订的文件 {nc.revision.document.number} {nc.revision.revision} 尚未批准，不能验证。"
            )
        nc.verified_on = today
    s = current_step(nc)
    s.done_on, s.done_by_id = today, user.id
    nxt = st.next_step(step)
    owner = nc.action_owner_id if nxt == "verification" else nc.owner_id
    _start_step(nc, nxt, today, owner, action_due=nc.action_due_on)
    flush()
    record(
        user,
        "step",
        "nonconformity",
        nc.id,
        {"number": nc.number, "step": step, **{k: str(v) for k, v in clean.items()}},
    )
    return nc


def evaluate_effectiveness(user, nc: Nonconformity, note: str, row_version=SAME_TRANSACTION) -> Nonconformity:
    """有效性评价 from the records: the recurrences since the action was verified (else since the
    nonconformity was found) up to today, then check_effectiveness."""
    today = local_today()
    count, _what = queries.recurrences(nc, nc.verified_on or nc.found_on, today, today)
    return check_effectiveness(user, nc, note, count, row_version=row_version, today=today)


def check_effectiveness(
    user, nc: Nonconformity, note: str, recurrences: int, row_version=SAME_TRANSACTION, today: date | None = None
) -> Nonconformity:
    """有效性评价 after its period: `recurrences` is what the records show (queries.recurrences).
    None recurred: on to 关闭. Recurred: the cause was not removed, so back to 原因分析."""
    require(user, "quality.manage")
    today = today or local_today()
    check_version(nc, row_version)
    if nc.state != "effectiveness":
        raise QualityError("当前不是有效性评价步骤。")
    s = current_step(nc)
    if s.due_on and today < s.due_on:
        raise QualityError(f"有效性评价期未满：请于 {s.due_on.isoformat()} 以后根据记录评价。")
    note = (note or "").strip()
    if not note:
        raise QualityError("请填写有效性评价结论。")
    nc.effectiveness_note, nc.recurrences, nc.effective = note, recurrences, recurrences == 0
    s.done_on, s.done_by_id, s.note = today, user.id, note
    if nc.effective:
        _start_step(nc, "closure", today, nc.owner_id)
    else:
        _start_step(nc, "root_cause", today, nc.owner_id)  # 10.2.1: re-analyse, the action did not work
    flush()
    record(
        user,
        "effectiveness",
        "nonconformity",
        nc.id,
        {"number": nc.number, "recurrences": recurrences, "effective": nc.effective, "note": note},
    )
    return nc


def close(
    user, nc: Nonconformity, password: str, comment: str = "", row_version=SAME_TRANSACTION, today: date | None = None
) -> Nonconformity:
    """关闭: the quality manager signs, re-entering the password, as document approvals are."""
    from ...auth.services import AuthError, verify_password_for_signature

    require(user, "quality.close")
    today = today or local_today()
    check_version(nc, row_version)
    if nc.state != "closure":
        raise QualityError("只有通过有效性评价的不合格才能关闭。")
    try:
        verify_password_for_signature(user, password)
    except AuthError as exc:
        raise QualityError(str(exc)) from exc
    s = current_step(nc)
    s.done_on, s.done_by_id, s.note = today, user.id, (comment or "").strip()
    nc.state, nc.closed_on, nc.closed_by_id, nc.close_comment = CLOSED, today, user.id, (comment or "").strip()
    flush()
    record(user, "sign", "nonconformity", nc.id, {"number": nc.number, "meaning": "关闭", "comment": nc.close_comment})
    _after_closed(user, nc, today)
    return nc


def _after_closed(user, nc: Nonconformity, today: date) -> None:
    """An audit closes with its last nonconformity; a review action opened as one is done with it."""
    from .closure import after_nc_closed

    after_nc_closed(user, nc, today)


def void(user, nc: Nonconformity, reason: str, row_version=SAME_TRANSACTION) -> Nonconformity:
    require(user, "quality.manage")
    check_version(nc, row_version)
    reason = (reason or "").strip()
    if not reason:
        raise QualityError("请填写作废原因。")
    if nc.state in (CLOSED, VOIDED):
        raise QualityError("该不合格已关闭或作废。")
    nc.state, nc.void_reason = VOIDED, reason
    flush()
    record(user, "void", "nonconformity", nc.id, {"number": nc.number, "reason": reason})
    _after_closed(user, nc, local_today())
    return nc


def open_revision(user, nc: Nonconformity, document_number: str, link: str = "") -> Nonconformity:
    """The corrective action changes a rule or procedure: a draft revision of that document whose
    reason for change names this nonconformity (ISO 9001 10.2.1 f, 7.5.3)."""
    from ...documents import services as docs

    if nc.state not in ("action", "verification"):
        raise QualityError("只有在纠正措施或实施验证阶段才能发起文件修订。")
    if not (can(user, "quality.manage") or user.id in {nc.owner_id, nc.action_owner_id}):
        raise QualityError("只有措施负责人或质量负责人可以发起文件修订。")
    if nc.revision_version_id:
        raise QualityError(f"已发起修订 {nc.revision.document.number} {nc.revision.revision}。")
    doc = docs.find_by_number(document_number)
    if doc is None:
        raise QualityError(f"没有编号为 {document_number} 的文件。")
    reason = f"纠正措施 {nc.number}：{nc.title}" + (f"（{link}）" if link else "")
    try:
        version = docs.create_draft(user, doc, change_reason=reason, details={"nonconformity": nc.number})
    except docs.DocumentError as exc:
        raise QualityError(str(exc)) from exc
    nc = db.session.get(Nonconformity, nc.id)
    nc.revision_version_id = version.id
    flush()
    record(
        user,
        "revise",
        "nonconformity",
        nc.id,
        {"number": nc.number, "document": doc.number, "revision": version.revision},
    )
    return nc
