"""Use cases of the controlled-document core. Each takes the acting user, checks the permission,
changes the session, writes the audit trail and flushes (the request commits). Errors are DocumentError with a
message in Chinese.

Public helpers other domains call: version_in_force(document, on), find_by_number(number),
text_in_force(document, on).
"""

from __future__ import annotations

import re
from datetime import date

from flask import current_app

from ... import kernel
from ...audit.services import record, record_now
from ...auth.permissions import can
from ...core.timeutil import local_today, utcnow
from ...extensions import db
from ..logic import lifecycle as lc
from ..logic import numbering
from ..models import DEFAULT_PATTERNS, KIND_LABELS, Document, DocumentVersion, KindSetting, Signature
from ..queries import document_by_number, setting_of_kind
from .common import (  # noqa: F401  (StaleEditError re-exported)
    DocumentError,
    StaleEditError,
    _flush,
    _require,
    _require_own,
)
from .signatures import seal_signature


# -------------------------------------------------------------------- public helpers
def find_by_number(number: str) -> Document | None:
    return document_by_number(number)


def version_in_force(document: Document, on: date) -> DocumentVersion | None:
    if document is None:
        return None
    return lc.in_force(document.versions, on, document.repealed_on)


def text_in_force(document: Document, on: date) -> str | None:
    version = version_in_force(document, on)
    return version.content_md if version is not None else None


def status_of_version(version: DocumentVersion, on: date | None = None) -> str:
    doc = version.document
    return lc.version_status(version, doc.versions, on or local_today(), doc.repealed_on)


def status_of_document(document: Document, on: date | None = None) -> str:
    return lc.document_status_of(document.versions, on or local_today(), document.repealed_on)


def open_version(document: Document) -> DocumentVersion | None:
    """The draft or version in review, if any (one at a time)."""
    for v in document.versions:
        if v.status in (lc.DRAFT, lc.IN_REVIEW):
            return v
    return None


def latest_approved(document: Document) -> DocumentVersion | None:
    approved = [v for v in document.versions if v.status == lc.APPROVED]
    return max(approved, key=lambda v: (v.effective_date or date.min, v.id)) if approved else None


# -------------------------------------------------------------------- kinds and numbers
def kind_setting(kind: str) -> KindSetting:
    """The kind's stored setting, created with the defaults when missing (for writers; pages read
    app.documents.queries.setting_of_kind, which never writes)."""
    if kind not in KIND_LABELS:
        raise DocumentError(f"未知的文件类别：{kind}")
    setting = db.session.scalar(db.select(KindSetting).filter_by(kind=kind))  # the current center's
    if setting is None:
        setting = KindSetting(kind=kind, number_pattern=DEFAULT_PATTERNS[kind], reviewer_ids="")
        db.session.add(setting)
        _flush()
    return setting


def update_kind_setting(
    user, kind: str, number_pattern: str, reviewer_ids: list[int], approver_id: int | None
) -> KindSetting:
    _require(user, "documents.edit")
    pattern = (number_pattern or "").strip()
    try:
        pattern.format(org="SF", seq=1)
    except (KeyError, IndexError, ValueError) as exc:
        raise DocumentError("编号规则格式不正确，可用占位符 {org} 和 {seq}，如 {org}-ZD-{seq:03d}。") from exc
    if not pattern:
        raise DocumentError("请填写编号规则。")
    setting = kind_setting(kind)
    setting.number_pattern = pattern
    setting.reviewer_ids = ",".join(str(i) for i in reviewer_ids)
    setting.approver_id = approver_id
    record(
        user,
        "update",
        "document_kind_setting",
        kind,
        {"number_pattern": pattern, "reviewers": reviewer_ids, "approver": approver_id},
    )
    _flush()
    return setting


def _next_seq(kind: str) -> int:
    return (db.session.scalar(db.select(db.func.max(Document.seq)).filter_by(kind=kind)) or 0) + 1


def _seq_from_number(number: str, kind: str) -> int:
    m = re.search(r"(\d+)\s*$", number)
    return int(m.group(1)) if m else _next_seq(kind)


# -------------------------------------------------------------------- documents and drafts
def create_document(
    user,
    kind: str,
    title: str,
    category: str = "",
    owner_office: str = "",
    review_interval_months: int = 12,
    distribution: str = "all",
    content_md: str = "",
    change_reason: str = "首次发布",
    number: str | None = None,
    iso_clause: str = "",
) -> Document:
    """A new document with its first draft A/0. The number follows the kind's pattern unless given."""
    _require(user, "documents.edit")
    title = (title or "").strip()
    if not title:
        raise DocumentError("请填写文件名称。")
    setting = kind_setting(kind)
    if number:
        number = number.strip()
        seq = _seq_from_number(number, kind)
    else:
        seq = _next_seq(kind)
        number = setting.number_pattern.format(org=current_app.config.get("ORG_CODE", "SF"), seq=seq)
    if find_by_number(number):
        raise DocumentError(f"文件编号 {number} 已存在。")
    doc = Document(
        kind=kind,
        number=number,
        seq=seq,
        title=title,
        category=(category or "").strip(),
        owner_office=(owner_office or "").strip(),
        review_interval_months=int(review_interval_months or 12),
        distribution=distribution or "all",
        iso_clause=(iso_clause or "").strip(),
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(doc)
    _flush()
    version = DocumentVersion(
        document=doc,
        revision=lc.FIRST_REVISION,
        content_md=content_md or "",
        change_reason=change_reason or "首次发布",
        status=lc.DRAFT,
        author_id=getattr(user, "id", None),
    )
    db.session.add(version)
    _flush()
    record(user, "create", "document", doc.id, {"number": number, "title": title, "kind": kind})
    return doc


def _check_version(obj, row_version, stale_message: str) -> None:
    """The form's version is required (kernel.check_version): missing is refused like stale."""
    try:
        kernel.check_version(obj, row_version)
    except kernel.StaleEdit as exc:
        missing = row_version is None or str(row_version).strip() == ""
        raise StaleEditError(str(exc) if missing else stale_message) from None


def update_document(
    user,
    document: Document,
    row_version: int | None,
    title: str,
    category: str,
    owner_office: str,
    review_interval_months: int,
    distribution: str,
    iso_clause: str,
) -> Document:
    """Change a document's register entry (not its text); refused when it was changed meanwhile."""
    _require(user, "documents.edit")
    _require_own(document)
    _check_version(document, row_version, "该文件的登记信息已被他人修改，您的修改未保存。请刷新页面后再编辑。")
    title = (title or "").strip()
    if not title:
        raise DocumentError("请填写文件名称。")
    new = {
        "title": title,
        "category": (category or "").strip(),
        "owner_office": (owner_office or "").strip(),
        "review_interval_months": int(review_interval_months or 12),
        "distribution": distribution or "all",
        "iso_clause": (iso_clause or "").strip(),
    }
    changed = {k: v for k, v in new.items() if getattr(document, k) != v}
    for key, value in changed.items():
        setattr(document, key, value)
    if changed:
        record(user, "update", "document", document.id, {"number": document.number, **changed})
    _flush()
    return document


def create_draft(
    user,
    document: Document,
    major: bool = False,
    content_md: str | None = None,
    change_reason: str = "",
    action: str = "create",
    details: dict | None = None,
) -> DocumentVersion:
    """A new draft after the latest revision, starting from the newest approved text."""
    _require(user, "documents.edit")
    _require_own(document)
    if document.repealed_on is not None:
        raise DocumentError("该文件已废止，不能再起草新版本。")
    existing = open_version(document)
    if existing is not None:
        raise DocumentError(
            f"该文件已有未完成的版本 {existing.revision}（{lc.STATUS_LABELS[existing.status]}），请先完成或撤回。"
        )
    revision = lc.next_revision(lc.latest_revision(v.revision for v in document.versions), major=major)
    if content_md is None:
        base = latest_approved(document) or (document.versions[-1] if document.versions else None)
        content_md = base.content_md if base is not None else ""
    version = DocumentVersion(
        document=document,
        revision=revision,
        content_md=content_md,
        change_reason=(change_reason or "").strip(),
        status=lc.DRAFT,
        author_id=getattr(user, "id", None),
    )
    db.session.add(version)
    _flush()
    record(
        user,
        action,
        "document_version",
        version.id,
        dict({"number": document.number, "revision": revision}, **(details or {})),
    )
    _flush()
    return version


def update_draft(
    user, version: DocumentVersion, content_md: str, change_reason: str, row_version: int | None
) -> DocumentVersion:
    """Save a draft; refused when someone saved it since the form was loaded (optimistic lock)."""
    _require(user, "documents.edit")
    if version.status != lc.DRAFT:
        raise DocumentError("只有草稿可以修改；已提交的版本已冻结，如需修改请起草新版本。")
    _check_version(version, row_version, "该草稿已被他人修改，您的修改未保存。请刷新页面，查看最新内容后再编辑。")
    version.content_md = content_md or ""
    version.change_reason = (change_reason or "").strip()
    record(
        user,
        "update",
        "document_version",
        version.id,
        {
            "number": version.document.number,
            "revision": version.revision,
            "sha256": lc.content_sha256(version.content_md),
        },
    )
    _flush()
    return version


def submit(user, version: DocumentVersion) -> DocumentVersion:
    """Freeze the draft: its SHA-256 is fixed and every signature is checked against it."""
    _require(user, "documents.edit")
    if version.status != lc.DRAFT:
        raise DocumentError("只有草稿可以提交审核。")
    if not (version.content_md or "").strip():
        raise DocumentError("正文为空，不能提交审核。")
    if not (version.change_reason or "").strip():
        raise DocumentError("请先填写修订原因再提交审核。")
    version.status = lc.IN_REVIEW
    version.content_sha256 = lc.content_sha256(version.content_md)
    version.submitted_at = utcnow()
    version.review_round = (version.review_round or 0) + 1
    record(
        user,
        "submit",
        "document_version",
        version.id,
        {"number": version.document.number, "revision": version.revision, "sha256": version.content_sha256},
    )
    _flush()
    return version


def numbering_problems(version: DocumentVersion) -> list[str]:
    """Duplicated, missing or out-of-order 第X条 of the version's text, in Chinese (issue 14): shown
    on submit and on the sign page; a duplicated number also refuses 批准 (see sign)."""
    return numbering.check(version.content_md).messages


def withdraw(user, version: DocumentVersion, reason: str) -> DocumentVersion:
    """Abandon a draft (or a version in review) with a reason; it stays on record."""
    _require(user, "documents.edit")
    reason = (reason or "").strip()
    if not reason:
        raise DocumentError("请填写撤回原因。")
    if version.status not in (lc.DRAFT, lc.IN_REVIEW):
        raise DocumentError("只有草稿或审核中的版本可以撤回。")
    version.status = lc.WITHDRAWN
    version.withdraw_reason = reason
    record(
        user,
        "withdraw",
        "document_version",
        version.id,
        {"number": version.document.number, "revision": version.revision, "reason": reason},
    )
    _flush()
    return version


def repeal(
    user, document: Document, reason: str, replaced_by: Document | None = None, on_date: date | None = None
) -> Document:
    """已废止 from `on_date` on (no version is in force from that day)."""
    _require(user, "documents.edit")
    _require_own(document)
    reason = (reason or "").strip()
    if not reason:
        raise DocumentError("请填写废止原因。")
    if document.repealed_on is not None:
        raise DocumentError("该文件已经废止。")
    if not any(v.status == lc.APPROVED for v in document.versions):
        raise DocumentError("该文件尚无批准的版本，无需废止；草稿请使用“撤回”。")
    if replaced_by is not None and replaced_by.id == document.id:
        raise DocumentError("替代文件不能是本文件。")
    document.repealed_on = on_date or local_today()
    document.repeal_reason = reason
    document.replaced_by = replaced_by
    record(
        user,
        "repeal",
        "document",
        document.id,
        {
            "number": document.number,
            "reason": reason,
            "on": document.repealed_on.isoformat(),
            "replaced_by": replaced_by.number if replaced_by else None,
        },
    )
    _flush()
    return document


# -------------------------------------------------------------------- signatures
def signer_steps(user, version: DocumentVersion) -> list[str]:
    """The steps ('reviewer', 'approver') this user may sign for this version now."""
    if version.status != lc.IN_REVIEW or user is None or not can(user, "documents.sign", version):
        return []  # the version's author never signs it (segregation of duties)
    setting = setting_of_kind(version.document.kind)
    signed = {(s.user_id, s.step) for s in version.signatures if s.review_round == version.review_round}
    steps = []
    if user.id in setting.reviewer_id_list and (user.id, "reviewer") not in signed:
        steps.append("reviewer")
    if setting.approver_id == user.id and (user.id, "approver") not in signed and not pending_reviewers(version):
        steps.append("approver")  # the approver signs once every reviewer has passed it
    return steps


def awaiting_reviewers(user, version: DocumentVersion) -> bool:
    """True when `user` is the approver and reviewers have still to sign."""
    return (
        version.status == lc.IN_REVIEW
        and user is not None
        and setting_of_kind(version.document.kind).approver_id == user.id
        and bool(pending_reviewers(version))
    )


def pending_reviewers(version: DocumentVersion) -> list[int]:
    setting = setting_of_kind(version.document.kind)
    done = {
        s.user_id
        for s in version.signatures
        if s.review_round == version.review_round and s.step == "reviewer" and s.meaning == lc.MEANING_REVIEWED
    }
    # the version's author is never asked to review it (segregation of duties)
    return [uid for uid in setting.reviewer_id_list if uid not in done and uid != version.author_id]


def sign(
    user,
    version: DocumentVersion,
    password: str,
    meaning: str,
    comment: str = "",
    effective_date: date | None = None,
    allow_past: bool = False,
) -> Signature:
    """An electronic signature: the signer re-enters the password and chooses a meaning.
    审核通过 by each configured reviewer, then 批准 by the approver (with the effective date);
    驳回 (comment required) by either returns the version to draft."""
    from ...auth.services import AuthError, verify_password_for_signature

    _require(user, "documents.sign")
    if not can(user, "documents.sign", version):
        raise DocumentError("您是该版本的起草人，不能审核或批准自己起草的版本（职责分离）。")
    if version.status != lc.IN_REVIEW:
        raise DocumentError("只有审核中的版本可以签名。")
    if meaning not in lc.MEANINGS:
        raise DocumentError("请选择签名含义。")
    comment = (comment or "").strip()
    if meaning == lc.MEANING_REJECTED and not comment:
        raise DocumentError("驳回时必须填写意见。")
    if meaning == lc.MEANING_APPROVED and effective_date and effective_date < local_today() and not allow_past:
        # A past date would rewrite what was in force on days already gone.
        raise DocumentError("生效日期不能早于今天（不得追溯生效）。")
    if meaning == lc.MEANING_APPROVED:
        duplicated = numbering.check(version.content_md).duplicates
        if duplicated:  # an article cited by number (scoring, appeals) must name one article
            raise DocumentError(
                f"条文编号重复（{'、'.join(duplicated)}），不能批准；请驳回，由起草人改正编号后重新提交。"
            )
    if meaning == lc.MEANING_APPROVED and awaiting_reviewers(user, version):
        raise DocumentError("尚有审核人未签“审核通过”，暂不能批准。")
    steps = signer_steps(user, version)
    if not steps:
        raise DocumentError("您不是该类文件指定的审核人或批准人，或已经签过名。")
    if meaning == lc.MEANING_REVIEWED:
        if "reviewer" not in steps:
            raise DocumentError("您不是该类文件的审核人，不能签“审核通过”。")
        step = "reviewer"
    elif meaning == lc.MEANING_APPROVED:
        if "approver" not in steps:
            raise DocumentError("您不是该类文件的批准人，不能签“批准”。")
        step = "approver"
    else:
        step = "reviewer" if "reviewer" in steps else "approver"
    try:
        verify_password_for_signature(user, password)
    except AuthError as exc:
        # The refusal is audited on its own (the refused signature itself is rolled back).
        record_now(user, "sign_refused", "document_version", version.id, {"reason": "bad password"})
        raise DocumentError(str(exc)) from exc
    digest = lc.content_sha256(version.content_md)
    if digest != version.content_sha256:
        raise DocumentError("版本内容与提交时的哈希不一致，已拒绝签名。请联系系统管理员。")
    sig = Signature(
        version=version,
        user_id=user.id,
        step=step,
        meaning=meaning,
        comment=comment,
        signed_at=utcnow(),
        content_sha256=digest,
        review_round=version.review_round,
    )
    db.session.add(sig)
    _flush()
    effective = (effective_date or local_today()) if meaning == lc.MEANING_APPROVED else None
    seal = seal_signature(sig, version, user, effective)  # binds signer, meaning, time, number, title, date, text
    base = {
        "number": version.document.number,
        "revision": version.revision,
        "meaning": meaning,
        "sha256": digest,
        "comment": comment,
        "signature_id": sig.id,
        "seal": seal,
    }
    record(user, "sign", "document_version", version.id, base)
    if meaning == lc.MEANING_REJECTED:
        version.status = lc.DRAFT
        record(
            user,
            "reject",
            "document_version",
            version.id,
            {"number": version.document.number, "revision": version.revision, "comment": comment},
        )
    elif meaning == lc.MEANING_APPROVED:
        _approve(user, version, effective)
    _flush()
    return sig


def _approve(user, version: DocumentVersion, effective_date: date) -> None:
    doc = version.document
    if doc.repealed_on is not None:
        raise DocumentError("该文件已废止，不能批准新版本。")
    version.status = lc.APPROVED
    version.approved_at = utcnow()
    version.effective_date = effective_date
    details = {"number": doc.number, "revision": version.revision, "effective_date": effective_date.isoformat()}
    record(user, "approve", "document_version", version.id, details)
    if effective_date <= local_today():
        record(user, "effect", "document_version", version.id, details)


def verify_signatures(version: DocumentVersion) -> list[tuple[Signature, bool]]:
    """Each signature with whether the content it signed is still the version's content."""
    digest = lc.content_sha256(version.content_md)
    return [(sig, sig.content_sha256 == digest) for sig in version.signatures]


def signature_mismatches(version: DocumentVersion) -> list[Signature]:
    """Signatures of the current review round whose hash no longer matches the text."""
    return [s for s, ok in verify_signatures(version) if not ok and s.review_round == version.review_round]
