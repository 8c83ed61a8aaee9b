"""Read-only: which scheme is in force on a date, the schemes of the versions of rule SF-ZD-017
and the scheme a draft starts from."""

from __future__ import annotations

from datetime import date

from flask import abort

from ...documents.models import APPROVED, DRAFT, DocumentVersion
from ...extensions import db
from ..logic import schemes as sch
from ..models import SchemeVersion


def rule_document():
    from ...documents.services import find_by_number

    return find_by_number(sch.RULE_NUMBER)


def version_in_force(on: date) -> DocumentVersion | None:
    from ...documents.services import version_in_force as core_in_force

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
        .where(
            DocumentVersion.document_id == dv.document_id,
            DocumentVersion.status == APPROVED,
            DocumentVersion.effective_date <= dv.effective_date,
        )
        .order_by(DocumentVersion.effective_date.desc(), DocumentVersion.id.desc())
        .limit(1)
    )


def for_document_version(dv_id: int) -> SchemeVersion | None:
    return db.session.scalar(db.select(SchemeVersion).filter_by(document_version_id=dv_id))


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
        db.select(SchemeVersion)
        .join(DocumentVersion)
        .where(DocumentVersion.document_id == dv.document_id)
        .order_by(DocumentVersion.effective_date.desc().nullslast(), SchemeVersion.id.desc())
        .limit(1)
    )
    return newest.scheme if newest is not None else sch.default_scheme()


def version_of_rule_or_404(dv_id: int) -> tuple[DocumentVersion, sch.Scheme]:
    """A version of the scheme rule (404 for another document's) and the scheme its draft starts from."""
    dv = db.get_or_404(DocumentVersion, dv_id)
    if dv.document.number != sch.RULE_NUMBER:
        abort(404)
    return dv, base_for_draft(dv)


def history() -> list[tuple[DocumentVersion, SchemeVersion | None]]:
    doc = rule_document()
    if doc is None:
        return []
    return [(v, for_document_version(v.id)) for v in doc.versions]
