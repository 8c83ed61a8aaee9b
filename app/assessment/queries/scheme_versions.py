"""Read-only: which scheme is in force on a date, the schemes of the versions of rule SF-ZD-017
and the scheme a draft starts from.

A center scores its months by its own SF-ZD-017, or (issue 13 item 2, AssessmentSetting) by the
scheme in force in the center above: `scoring_center_id` follows that choice up the tree, and
`version_in_force` / `scheme_version_in_force` read that center's rule. The scheme history, drafts
and editing are always the center's own (`rule_document`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort

from ...auth.permissions import centers_handing_down_to
from ...centers.context import current_center_id
from ...centers.models import Center
from ...documents.models import APPROVED, DRAFT, Document, DocumentVersion
from ...extensions import db
from ..logic import schemes as sch
from ..models import SCHEME_OWN, SCHEME_PARENT, AssessmentSetting, SchemeVersion


def rule_document():
    """The center's own SF-ZD-017."""
    from ...documents.services import find_by_number

    return find_by_number(sch.RULE_NUMBER)


def setting(center_id: int | None = None) -> AssessmentSetting | None:
    """The stored scheme choice of `center_id` (default: the current center), or None (its own)."""
    center_id = current_center_id() if center_id is None else center_id
    return db.session.scalar(db.select(AssessmentSetting).execution_options(center_ids=[center_id]))


def scheme_source() -> str:
    found = setting()
    return found.scheme_source if found is not None else SCHEME_OWN


def scoring_center_id() -> int:
    """The center whose SF-ZD-017 scores the current center's months: its own, or, when it chose
    the center above's, that center's (which may in turn have chosen the one above it)."""
    here = current_center_id()
    chain = [here, *centers_handing_down_to(here)]
    for i, center_id in enumerate(chain):
        found = setting(center_id)
        if found is None or found.scheme_source != SCHEME_PARENT or i + 1 >= len(chain):
            return center_id
    return here


def scoring_rule_document():
    """SF-ZD-017 of the scoring center (the current center's own unless it chose the one above)."""
    center_id = scoring_center_id()
    if center_id == current_center_id():
        return rule_document()
    return db.session.scalar(
        db.select(Document)
        .where(Document.number == sch.RULE_NUMBER, Document.center_id == center_id)
        .execution_options(center_ids=[center_id])
    )


def version_in_force(on: date) -> DocumentVersion | None:
    from ...documents.services import version_in_force as core_in_force

    doc = scoring_rule_document()
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
        .execution_options(center_ids=[dv.center_id])
    )


def readable_scheme_version(sv_id: int) -> SchemeVersion | None:
    """A scheme version of the current center, or of a center above whose scheme it scores by
    (a county using the city's scheme reads the city's scheme pages)."""
    found = db.session.get(SchemeVersion, sv_id)
    if found is not None:
        return found
    center_id = scoring_center_id()
    if center_id == current_center_id():
        return None
    return db.session.scalar(
        db.select(SchemeVersion).where(SchemeVersion.id == sv_id).execution_options(center_ids=[center_id])
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


@dataclass(frozen=True)
class SchemeChoice:
    """What the schemes page shows of the center's choice (and the form needs)."""

    source: str  # SCHEME_OWN | SCHEME_PARENT
    row_version: int  # 0 while nothing was chosen (the form's version)
    has_parent: bool
    parent_name: str
    scoring_center_name: str  # whose SF-ZD-017 scores this center's months now

    @property
    def uses_parent(self) -> bool:
        return self.source == SCHEME_PARENT and self.has_parent


def scheme_choice() -> SchemeChoice:
    found = setting()
    here = current_center_id()
    above = centers_handing_down_to(here)
    names = dict(db.session.execute(db.select(Center.id, Center.name).where(Center.id.in_([here, *above[:1]]))).all())
    scoring = scoring_center_id()
    scoring_name = names.get(scoring) or db.session.scalar(db.select(Center.name).where(Center.id == scoring)) or ""
    return SchemeChoice(
        found.scheme_source if found is not None else SCHEME_OWN,
        found.row_version if found is not None else 0,
        bool(above),
        names.get(above[0], "") if above else "",
        scoring_name,
    )
