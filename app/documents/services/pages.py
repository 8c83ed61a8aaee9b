"""What the pages of one document or version show the acting user: reads only (no row is added or
changed, nothing is audited). Here rather than in queries.py because it combines the queries with
the read helpers of the use cases (the version in force, signer steps, signature checks)."""

from __future__ import annotations

from datetime import date

from ...auth.permissions import can
from .. import queries
from ..logic import lifecycle as lc
from ..logic.diff import compare_markdown, summary
from ..models import Document, DocumentVersion
from .documents import (
    awaiting_reviewers,
    latest_approved,
    numbering_problems,
    open_version,
    pending_reviewers,
    signer_steps,
    verify_signatures,
    version_in_force,
)
from .reading import has_acknowledged
from .review import reviews_of


def sees_drafts(user) -> bool:
    return can(user, "documents.view_drafts")


def is_handed_down(user, doc: Document | None) -> bool:
    """A rule of a center above, read here (not the user's center's own document)."""
    return doc is not None and doc.center_id != getattr(user, "center_id", None)


def visible(user, version: DocumentVersion) -> bool:
    """A released version, or (for those who see drafts) an unreleased one of the user's own center."""
    if version.status == lc.APPROVED:
        return True
    return sees_drafts(user) and version.center_id == getattr(user, "center_id", None)


def visible_versions(user, doc: Document) -> list[DocumentVersion]:
    """The document's versions the user may see, newest first."""
    return [v for v in reversed(doc.versions) if visible(user, v)]


def review_due(doc: Document, today: date):
    """The review due state of one document (None when nothing is in force)."""
    current = version_in_force(doc, today)
    if current is None:
        return None
    return queries.review_states([current], today)[doc.id].due


def document_page(user, doc: Document, today: date) -> dict:
    """A center's own document: the version in force (or the newest released; the newest of all
    for those who see drafts), the versions, 签阅, reviews, signatures."""
    current = version_in_force(doc, today)
    shown = current or latest_approved(doc)
    if shown is None and sees_drafts(user):
        shown = doc.versions[-1] if doc.versions else None
    return dict(
        current=current,
        shown=shown,
        versions=visible_versions(user, doc),
        open_version=open_version(doc),
        acked=has_acknowledged(user, current) if current is not None else False,
        today=today,
        due=queries.review_states([current], today)[doc.id].due if current else None,
        reviews=reviews_of(doc),
        distributed=lc.is_distributed_to(doc.distribution, user.role),
        signatures=verify_signatures(shown) if shown else [],
    )


def handed_down_page(user, doc: Document, today: date) -> dict:
    """A rule handed down from a center above, as it applies in the user's center (issue 13 item 2):
    the upstream text (or this center's local version) with this center's supplements."""
    got = queries.applicable_here(doc, today)
    text = got.text_version
    variants = queries.variants_of([doc.id]).get(doc.id, [])
    return dict(
        got=got,
        text=text,
        issuer=queries.center_names([doc.center_id]).get(doc.center_id, ""),
        variants=variants,
        has_local=any(d.variant_kind == "local_version" and d.repealed_on is None for d in variants),
        versions=visible_versions(user, doc),
        acked=has_acknowledged(user, text) if text is not None else False,
        distributed=lc.is_distributed_to(doc.distribution, user.role),
        today=today,
    )


def version_page(user, version: DocumentVersion) -> dict:
    """One version: its signatures checked against its text, what the user may sign of it, who has
    still to review it, whether its text is the one frozen at submission."""
    return dict(
        v=version,
        doc=version.document,
        signatures=verify_signatures(version),
        steps=signer_steps(user, version) if can(user, "documents.sign") else [],
        pending=pending_reviewers(version) if version.status == lc.IN_REVIEW else [],
        hash_ok=version.content_sha256 is None or version.content_sha256 == lc.content_sha256(version.content_md),
    )


def sign_page(user, version: DocumentVersion, steps: list[str]) -> dict:
    """The signing page: what the user may sign, whether reviewers have still to sign before the
    approver, the text's 第X条 numbering problems."""
    return dict(
        v=version,
        doc=version.document,
        steps=steps,
        waiting=awaiting_reviewers(user, version),
        numbering_problems=numbering_problems(version),
    )


def compare_choices(user, doc: Document, today: date) -> tuple[list, dict, tuple]:
    """(versions one may compare, their labels, the default pair) for the compare page. A rule
    handed down (issue 13 item 2): the upstream versions beside this center's local version(s),
    by default the upstream text in force against this center's local text."""
    versions = [v for v in doc.versions if visible(user, v)]
    labels = {v.id: v.revision for v in versions}
    default = (versions[-2], versions[-1]) if len(versions) >= 2 else (None, None)
    if is_handed_down(user, doc):
        got = queries.applicable_here(doc, today)
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


def compare_page(user, doc: Document, a: int | None, b: int | None, today: date) -> dict:
    """Two versions side by side, article by article: those named (version ids `a`, `b`) when the
    user may compare them, else the default pair."""
    versions, labels, default = compare_choices(user, doc, today)
    by_id = {v.id: v for v in versions}
    old, new = by_id.get(a) or default[0], by_id.get(b) or default[1]
    changes = compare_markdown(old.content_md, new.content_md) if old and new else []
    return dict(versions=versions, labels=labels, old=old, new=new, changes=changes, counts=summary(changes))
