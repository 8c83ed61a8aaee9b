"""What the documents views share: who sees drafts, the document or version a URL names (404
when missing or not visible), a date from the query string, a version's status badge.

`get_document` / `get_version` name the center's own (every route); `readable_document` /
`readable_version` also a rule handed down from a center above (issue 13 item 2: the pages that
read it: the document, its text on a date, compare, 签阅, export), released versions only."""

from datetime import date

from flask import abort, current_app, flash, redirect, request, url_for
from flask_login import current_user

from ...auth.permissions import can, handed_down_center_ids
from .. import queries, services
from ..logic import lifecycle as lc
from ..models import KIND_LABELS, Document, DocumentVersion
from ..services import pages

REGISTER_FILTERS = ("kind", "category", "status", "q")


def can_see_drafts() -> bool:
    return pages.sees_drafts(current_user)


def is_handed_down(doc: Document) -> bool:
    """A rule of a center above, read here (not the user's center's own document)."""
    return pages.is_handed_down(current_user, doc)


def visible(version: DocumentVersion) -> bool:
    return pages.visible(current_user, version)


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


def register_filters() -> dict[str, str]:
    """The register's filters as the query string gives them."""
    return {k: request.args.get(k, "").strip() for k in REGISTER_FILTERS}


def register_reading() -> dict:
    """The register's page, page size and what the user reads beyond the center's released
    documents (drafts; the rules handed down from the centers above)."""
    return dict(
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PER_PAGE"],
        include_drafts=can_see_drafts(),
        above=handed_down_center_ids(current_user),
    )


def register_choices(kind: str) -> dict:
    """The register filters' choices: the kinds, the categories in use (of `kind`, when chosen), the
    statuses (the states of drafts only for those who see drafts)."""
    statuses = lc.STATUS_LABELS if can_see_drafts() else {k: lc.STATUS_LABELS[k] for k in queries.PUBLIC_STATUSES}
    return dict(kinds=KIND_LABELS, categories=queries.categories(kind), statuses=statuses)


def frozen(version: DocumentVersion):
    """A version no longer a draft is not edited: back to its page with why."""
    flash("该版本已提交或已结束，不能再修改；如需修改请起草新版本。", "warning")
    return redirect(url_for("documents.version", version_id=version.id))


def may_export_controlled(version: DocumentVersion) -> bool:
    """A controlled copy: managers, of the center's own documents (the center above issues its own)."""
    return can(current_user, "documents.edit") and not is_handed_down(version.document)
