"""Scheme versions: which scheme is in force on a date, and editing the scheme of a draft of
rule SF-ZD-017 (it then goes through the documents core's draft → review → approval flow)."""
from __future__ import annotations

from datetime import date

from ..audit.services import record
from ..auth.permissions import can
from ..documents.models import APPROVED, DRAFT, DocumentVersion
from ..extensions import db
from . import scheme as sch
from .errors import AssessmentError, StaleError, commit
from .models import SchemeVersion


def rule_document():
    from ..documents.services import find_by_number

    return find_by_number(sch.RULE_NUMBER)


def version_in_force(on: date) -> DocumentVersion | None:
    from ..documents.services import version_in_force as core_in_force

    doc = rule_document()
    return core_in_force(doc, on) if doc is not None else None


def scheme_version_in_force(on: date) -> SchemeVersion | None:
    """The scheme in force on `on`: that of the version of SF-ZD-017 in force then, or, when that
    version revised only the wording and carries no scheme of its own, the scheme of the latest
    earlier released version that has one (a scheme stays in force until a version replaces it).
    None when no version is in force or none so far carried a scheme."""
    dv = version_in_force(on)
    if dv is None:
        return None
    return db.session.scalar(
        db.select(SchemeVersion)
        .join(DocumentVersion, SchemeVersion.document_version_id == DocumentVersion.id)
        .where(DocumentVersion.document_id == dv.document_id, DocumentVersion.status == APPROVED,
               DocumentVersion.effective_date <= dv.effective_date)
        .order_by(DocumentVersion.effective_date.desc(), DocumentVersion.id.desc())
        .limit(1)
    )


def for_document_version(dv_id: int) -> SchemeVersion | None:
    return db.session.scalar(db.select(SchemeVersion).filter_by(document_version_id=dv_id))


def attach(user, document_version: DocumentVersion, scheme: sch.Scheme, audit: bool = True) -> SchemeVersion:
    """Give a version of SF-ZD-017 its scheme (the demo and the edit page use this). Only a
    draft may get a new or changed scheme; released versions keep theirs."""
    if document_version.document.number != sch.RULE_NUMBER:
        raise AssessmentError(f"考核方案只能挂在 {sch.RULE_NUMBER} 的版本上。")
    existing = for_document_version(document_version.id)
    if existing is not None:
        return existing
    scheme.validate()
    sv = SchemeVersion(document_version_id=document_version.id, scheme_json=sch.to_json(scheme),
                       created_by_id=getattr(user, "id", None))
    db.session.add(sv)
    db.session.flush()
    if audit:
        record(user, "create", "assessment_scheme", sv.id,
               {"document_version": document_version.id, "revision": document_version.revision})
    return sv


def drafts() -> list[DocumentVersion]:
    doc = rule_document()
    if doc is None:
        return []
    return [v for v in doc.versions if v.status == DRAFT]


def base_for_draft(dv: DocumentVersion) -> sch.Scheme:
    """The scheme a new draft starts from: its own, else the newest scheme of the rule."""
    own = for_document_version(dv.id)
    if own is not None:
        return own.scheme
    newest = db.session.scalar(
        db.select(SchemeVersion).join(DocumentVersion).where(DocumentVersion.document_id == dv.document_id)
        .order_by(DocumentVersion.effective_date.desc().nullslast(), SchemeVersion.id.desc()).limit(1))
    return newest.scheme if newest is not None else sch.default_scheme()


def save_draft_scheme(user, dv: DocumentVersion, scheme_text: str, row_version: int | None) -> SchemeVersion:
    """Save the scheme of a draft of SF-ZD-017. Refused when the version is no longer a draft or
    someone saved the scheme since the form was loaded."""
    if not can(user, "assessment.scheme_edit"):
        raise AssessmentError("您没有修改考核方案的权限。")
    if dv.document.number != sch.RULE_NUMBER:
        raise AssessmentError(f"考核方案只能挂在 {sch.RULE_NUMBER} 的版本上。")
    if dv.status != DRAFT:
        raise AssessmentError("只有草稿版本的考核方案可以修改；已提交或已批准的方案已冻结。")
    scheme = sch.from_json(scheme_text)  # SchemeError (an AssessmentError) carries the message
    sv = for_document_version(dv.id)
    if sv is None:
        sv = attach(user, dv, scheme, audit=False)
        action = "create"
    else:
        if row_version in (None, ""):
            raise StaleError("保存失败：表单缺少版本信息，无法确认您看到的是最新内容。请刷新页面后再改。")
        if not str(row_version).strip().isdigit() or int(row_version) != sv.row_version:
            raise StaleError("该考核方案已被他人修改，您的修改未保存。请刷新页面后重试。")
        sv.scheme_json = sch.to_json(scheme)
        action = "update"
    record(user, action, "assessment_scheme", sv.id, {"document_version": dv.id, "revision": dv.revision,
                                                      "name": scheme.name})
    commit()
    return sv


def history() -> list[tuple[DocumentVersion, SchemeVersion | None]]:
    doc = rule_document()
    if doc is None:
        return []
    return [(v, for_document_version(v.id)) for v in doc.versions]
