"""What the documents views share: who sees drafts, the document or version a URL names (404
when missing or not visible), a date from the query string, a version's status badge."""

from datetime import date

from flask import abort
from flask_login import current_user

from ...auth.permissions import can
from .. import queries, services
from ..logic import lifecycle as lc
from ..models import Document, DocumentVersion


def can_see_drafts() -> bool:
    return can(current_user, "documents.view_drafts")


def visible(version: DocumentVersion) -> bool:
    return version.status == lc.APPROVED or can_see_drafts()


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


def parse_day(value: str | None, default: date | None = None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return default


def status_view(version: DocumentVersion, on: date | None = None) -> dict:
    code = services.status_of_version(version, on)
    return {"code": code, "label": lc.STATUS_LABELS[code], "badge": lc.STATUS_BADGES[code]}
