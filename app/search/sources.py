"""What is searchable, read from the database: controlled-document versions (keys "dv:<version
id>") and the sources other rooms register (app/search/registry.py; the government documents
have keys "gd:<id>")."""

from __future__ import annotations

from datetime import date
from typing import Iterable, Iterator

from sqlalchemy.orm import selectinload

from ..auth.permissions import HANDED_DOWN_KINDS
from ..core.timeutil import local_today
from ..documents.logic import lifecycle
from ..documents.models import KIND_LABELS, Document, DocumentVersion
from ..extensions import db
from .engine import SearchDoc
from .registry import SOURCES


def kind_choices() -> list[tuple[str, str]]:
    """The kind filter: the document kinds, then the registered sources' kinds."""
    return [*KIND_LABELS.items(), *(kind for s in SOURCES.values() for kind in s.kinds)]


def kind_names() -> dict[str, str]:
    return dict(kind_choices())


RESTRICTED = {"草稿", "审核中", "已批准（待生效）", "已批准", "已撤回"}
DOC_STATUSES = ["现行", "已替代", "已废止", "已批准（待生效）", "审核中", "草稿"]


def version_status(version: DocumentVersion, today: date | None = None) -> str:
    """The displayed status of a version (现行, 已替代, 已废止, 草稿 ...) on `today`."""
    today = today or local_today()
    code = lifecycle.version_status(version, version.document.versions, today, version.document.repealed_on)
    return lifecycle.STATUS_LABELS.get(code, code)


def handed_down(document: Document) -> bool:
    """Whether a document is in force, and found by search, in every center below its own (a
    city rule in its counties and townships): a rule, not a center's own 补充规定 or 本地版本 of a
    rule from above (those apply in that center only). As app.auth.permissions.may_read_handed_down."""
    return document.kind in HANDED_DOWN_KINDS and document.handed_down_from_id is None


def version_doc(version: DocumentVersion, today: date | None = None) -> SearchDoc | None:
    """None when the version should not be in the index (an abandoned draft)."""
    if version.status == "withdrawn":
        return None
    doc = version.document
    status = version_status(version, today)
    return SearchDoc(
        key=f"dv:{version.id}",
        kind=doc.kind,
        title=doc.title,
        number=doc.number,
        body=version.content_md or "",
        status=status,
        category=doc.category or "",
        authority=doc.owner_office or "",
        date=version.effective_date or (version.created_at.date() if version.created_at else None),
        restricted=status in RESTRICTED,
        # an approved version is public from its effective date on, whatever the day it was indexed
        # (the index is not rewritten when that day comes)
        public_from=version.effective_date if version.status == "approved" else None,
        center_id=doc.center_id,
        handed_down=handed_down(doc),
    )


def load_hits(keys: list[str]) -> dict[str, object]:
    """key -> DocumentVersion (its document and the dates and states of the document's versions
    loaded with it) or a registered source's row: three statements for the document versions and
    one per source, whatever the number of hits."""
    ids = split_keys(keys)
    found: dict[str, object] = {}
    if ids.get("dv"):
        siblings = (
            selectinload(DocumentVersion.document)
            .selectinload(Document.versions)
            .load_only(
                DocumentVersion.id, DocumentVersion.document_id, DocumentVersion.status, DocumentVersion.effective_date
            )
        )
        query = db.select(DocumentVersion).where(DocumentVersion.id.in_(ids["dv"])).options(siblings)
        found.update((f"dv:{v.id}", v) for v in db.session.scalars(query))
    for prefix, source in SOURCES.items():  # one statement per registered source with hits
        if ids.get(prefix):
            rows = db.session.scalars(db.select(source.model).where(source.model.id.in_(ids[prefix])))
            found.update((f"{prefix}:{row.id}", row) for row in rows)
    return found


def split_keys(keys: Iterable[str]) -> dict[str, list[int]]:
    """{prefix: [row ids]} of "<prefix>:<id>" keys ("dv" for document versions)."""
    out: dict[str, list[int]] = {}
    for key in keys:
        prefix, _, ident = key.partition(":")
        if ident.isdigit():
            out.setdefault(prefix, []).append(int(ident))
    return out


def load(keys: list[str], session=None) -> list[SearchDoc]:
    """SearchDocs for `keys` as the database has them now (missing or withdrawn ones left out).
    The index holds every center's rows (these reads cross centers: `all_centers`); which rows a
    reader sees is decided at query time."""
    session = session or db.session
    ids = split_keys(keys)
    today = local_today()
    out = []
    if ids.get("dv"):
        q = (
            db.select(DocumentVersion)
            .where(DocumentVersion.id.in_(ids["dv"]))
            .options(selectinload(DocumentVersion.document).selectinload(Document.versions))
            .execution_options(all_centers=True)
        )
        out += [d for v in session.scalars(q) if (d := version_doc(v, today))]
    for prefix, source in SOURCES.items():
        if ids.get(prefix):
            q = db.select(source.model).where(source.model.id.in_(ids[prefix])).execution_options(all_centers=True)
            out += [d for row in session.scalars(q) if (d := source.to_doc(row))]
    return out


def version_keys(document_ids: list[int], session=None) -> list[str]:
    session = session or db.session
    q = (
        db.select(DocumentVersion.id)
        .where(DocumentVersion.document_id.in_(document_ids))
        .execution_options(all_centers=True)
    )
    return [f"dv:{i}" for i in session.scalars(q)]


def count_all() -> int:
    every = {"all_centers": True}
    return (db.session.scalar(db.select(db.func.count(DocumentVersion.id)).execution_options(**every)) or 0) + sum(
        db.session.scalar(db.select(db.func.count(s.model.id)).execution_options(**every)) or 0
        for s in SOURCES.values()
    )


def load_all(batch: int = 200, session=None) -> Iterator[SearchDoc]:
    """Everything searchable, in batches (a reindex never holds the whole corpus in memory)."""
    session = session or db.session
    today = local_today()
    for model, make in ((DocumentVersion, None), *((s.model, s.to_doc) for s in SOURCES.values())):
        last = 0
        while True:
            q = (
                db.select(model)
                .where(model.id > last)
                .order_by(model.id)
                .limit(batch)
                .execution_options(all_centers=True)
            )
            if model is DocumentVersion:
                q = q.options(selectinload(DocumentVersion.document).selectinload(Document.versions))
            rows = list(session.scalars(q))
            if not rows:
                break
            for row in rows:
                d = version_doc(row, today) if make is None else make(row)
                if d is not None:
                    yield d
            last = rows[-1].id
            session.expunge_all()


def load_object(key: str):
    """The database object behind a key: a DocumentVersion or a registered source's row (or None)."""
    prefix, _, ident = key.partition(":")
    if not ident.isdigit():
        return None
    model = DocumentVersion if prefix == "dv" else SOURCES[prefix].model if prefix in SOURCES else None
    return db.session.get(model, int(ident), execution_options={"all_centers": True}) if model else None


def cached_suggestions() -> dict[str, list[str]]:
    """The filter suggestions (DISTINCT queries per source), kept until a document or another
    searchable row changes (topic "search.filters", watched in wiring.init_app); computed once at a
    worker's start-up too (warmup.warm), so its first search page does not pay for them."""
    from ..core import cache

    return cache.cached("search.filters", "filter_suggestions", filter_suggestions)


def filter_suggestions() -> dict[str, list[str]]:
    """The categories and authorities (发文机关 / 归口部门) in use, offered under the search page's
    free-text filters so that people need not guess the exact names."""

    def distinct(column, where) -> list[str]:
        return [v for v in db.session.scalars(db.select(column).where(where).distinct()).all() if v]

    categories = set(distinct(Document.category, Document.category.is_not(None)))
    authorities = set(distinct(Document.owner_office, Document.owner_office.is_not(None)))
    for source in SOURCES.values():
        more = source.suggestions()
        categories |= more.get("category", set())
        authorities |= more.get("authority", set())
    return {"category": sorted(categories), "authority": sorted(authorities)}
