"""What the documents views share: who sees drafts, the document or version a URL names (404
when missing or not visible), a date from the query string, a version's status badge.

`get_document` / `get_version` name the center's own (every route); `readable_document` /
`readable_version` also a rule handed down from a center above (issue 13 item 2: the pages that
read it: the document, its text on a date, compare, 签阅, export), released versions only."""

from datetime import date

from flask import abort
from flask_login import current_user

from ...auth.permissions import can, handed_down_center_ids
from ...core.timeutil import local_today
from .. import queries, services
from ..logic import lifecycle as lc
from ..models import Document, DocumentVersion


def can_see_drafts() -> bool:
    return can(current_user, "documents.view_drafts")


def is_handed_down(doc: Document) -> bool:
    """A rule of a center above, read here (not the user's center's own document)."""
    return doc is not None and doc.center_id != getattr(current_user, "center_id", None)


def visible(version: DocumentVersion) -> bool:
    if version.status == lc.APPROVED:
        return True
    return can_see_drafts() and version.center_id == getattr(current_user, "center_id", None)


def get_document(doc_id: int) -> Document:
    doc = queries.get_document(doc_id)
    if doc is None:
        abort(404)
    if not can_see_drafts() and not any(v.status == lc.APPROVED for v in doc.versions):
        abort(404)
    return doc


def get_version(version_id: int) -> DocumentVersion:
    version = queries.get_version(version_id)
    if version is None or not visible(version):
        abort(404)
    return version


def readable_document(doc_id: int) -> Document:
    """One's own document, or a rule handed down from a center above (released versions only)."""
    doc = queries.get_document(doc_id)
    if doc is not None:
        return get_document(doc_id)
    doc = queries.handed_down_document(doc_id, handed_down_center_ids(current_user))
    if doc is None:
        abort(404)
    return doc


def readable_version(version_id: int) -> DocumentVersion:
    version = queries.get_version(version_id)
    if version is not None:
        return get_version(version_id)
    version = queries.handed_down_version(version_id, handed_down_center_ids(current_user))
    if version is None:
        abort(404)
    return version


def parse_day(value: str | None, default: date | None = None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return default


def status_view(version: DocumentVersion, on: date | None = None) -> dict:
    code = services.status_of_version(version, on)
    return {"code": code, "label": lc.STATUS_LABELS[code], "badge": lc.STATUS_BADGES[code]}


def handed_down_on(doc: Document, day: date) -> dict:
    """What of a rule handed down applies in the user's center on `day` (the on-date page)."""
    got = queries.applicable_here(doc, day)
    return {
        "version": got.text_version,
        "got": got,
        "issuer": queries.center_names([doc.center_id]).get(doc.center_id, ""),
    }


def compare_choices(doc: Document) -> tuple[list, dict, tuple]:
    """(versions one may compare, their labels, the default pair) for the compare page. A rule
    handed down (issue 13 item 2): the upstream versions beside this center's local version(s),
    by default the upstream text in force against this center's local text."""
    versions = [v for v in doc.versions if visible(v)]
    labels = {v.id: v.revision for v in versions}
    default = (versions[-2], versions[-1]) if len(versions) >= 2 else (None, None)
    if is_handed_down(doc):
        got = queries.applicable_here(doc, local_today())
        for local_doc in queries.variants_of([doc.id]).get(doc.id, []):
            if local_doc.variant_kind == "local_version":
                mine = [v for v in local_doc.versions if v.status == lc.APPROVED]
                versions += mine
                labels.update({v.id: f"本地版本 {v.revision}" for v in mine})
        local = got.local or got.stale_local
        if local is not None and got.handed_down is not None:
            default = (got.handed_down, local)
        elif len(versions) >= 2:
            default = (versions[-2], versions[-1])
    return versions, labels, default


def may_export_controlled(version: DocumentVersion) -> bool:
    """A controlled copy: managers, of the center's own documents (the center above issues its own)."""
    return can(current_user, "documents.edit") and not is_handed_down(version.document)
