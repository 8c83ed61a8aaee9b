"""Batched read queries over many documents (no N+1): the register, versions in force, the
review-due dashboard. The SQL mirrors lifecycle.document_status / lifecycle.in_force."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, literal, or_
from sqlalchemy.orm import defer, selectinload

from ..auth.models import User
from ..auth.permissions import HANDED_DOWN_KINDS, PERMISSIONS
from ..centers.context import current_center_id
from ..centers.queries import center_names  # noqa: F401  (the rules pages and services read it from here)
from ..core import cache
from ..core.pagination import PageNumbers
from ..extensions import db
from .logic import handed_down as hd
from .logic import lifecycle as lc
from .models import DEFAULT_PATTERNS, Document, DocumentReview, DocumentVersion, KindSetting


def in_force_version_ids(on: date, kind: str | None = None):
    """Select (document_id, version_id) of the version in force on `on` for every document."""
    rank = (
        func.row_number()
        .over(
            partition_by=DocumentVersion.document_id,
            order_by=(DocumentVersion.effective_date.desc(), DocumentVersion.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        db.select(DocumentVersion.document_id.label("document_id"), DocumentVersion.id.label("version_id"), rank)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(DocumentVersion.status == lc.APPROVED, DocumentVersion.effective_date <= on)
        .where(or_(Document.repealed_on.is_(None), Document.repealed_on > on))
    )
    if kind:
        ranked = ranked.where(Document.kind == kind)
    ranked = ranked.subquery()
    return db.select(ranked.c.document_id, ranked.c.version_id).where(ranked.c.rank == 1)


def versions_in_force(on: date, kind: str | None = None, with_content: bool = False) -> list[DocumentVersion]:
    """Every version in force on `on` (documents loaded with them), ordered by document number.
    Read once per request (the home page's reading and review tasks share it); a flush of any
    document change within the request reads it again."""
    return list(
        cache.per_request(
            ("documents.versions_in_force", on, kind, with_content), lambda: _versions_in_force(on, kind, with_content)
        )
    )


def _versions_in_force(on: date, kind: str | None, with_content: bool) -> list[DocumentVersion]:
    ids = in_force_version_ids(on, kind).subquery()
    query = (
        db.select(DocumentVersion)
        .join(ids, ids.c.version_id == DocumentVersion.id)
        .join(Document, Document.id == DocumentVersion.document_id)
        .options(selectinload(DocumentVersion.document))
        .order_by(Document.kind, Document.seq, Document.number)
    )
    if not with_content:
        query = query.options(defer(DocumentVersion.content_md))
    return list(db.session.scalars(query))


def _status_expression(on: date):
    """Per document: the displayed status as a SQL CASE over aggregates of its versions."""
    v = DocumentVersion
    approved = v.status == lc.APPROVED
    stats = (
        db.select(
            v.document_id.label("document_id"),
            func.max(case((and_(approved, v.effective_date <= on), 1), else_=0)).label("has_in_force"),
            func.max(case((and_(approved, v.effective_date > on), 1), else_=0)).label("has_pending"),
            func.max(case((v.status == lc.IN_REVIEW, 1), else_=0)).label("has_review"),
            func.max(case((v.status == lc.DRAFT, 1), else_=0)).label("has_draft"),
            func.max(case((and_(approved, v.effective_date <= on), v.effective_date), else_=None)).label("effective"),
        )
        .group_by(v.document_id)
        .subquery()
    )
    status = case(
        (and_(Document.repealed_on.is_not(None), Document.repealed_on <= on), literal(lc.S_REPEALED)),
        (stats.c.has_in_force == 1, literal(lc.S_CURRENT)),
        (stats.c.has_pending == 1, literal(lc.S_PENDING)),
        (stats.c.has_review == 1, literal(lc.S_IN_REVIEW)),
        (stats.c.has_draft == 1, literal(lc.S_DRAFT)),
        else_=literal(lc.S_WITHDRAWN),
    )
    return stats, status


@dataclass
class Page(PageNumbers):
    """What the pagination macro needs (page, pages, total, has_prev/next, prev/next_num)."""

    page: int
    per_page: int
    total: int

    def __post_init__(self):
        self.page = min(self.page, self.pages)


@dataclass
class RegisterRow:
    document: Document
    status: str
    version: DocumentVersion | None  # the version in force (or the newest approved, or the open one)
    issuer: str = ""  # a rule handed down: the name of the center that made it (上级下发)
    applicable: hd.Applicable | None = None  # a rule handed down: what of it applies here today
    upstream: Document | None = None  # one's own 补充规定 / 本地版本: the rule above it belongs to

    @property
    def handed_down(self) -> bool:
        return bool(self.issuer)

    @property
    def status_label(self) -> str:
        return lc.STATUS_LABELS[self.status]

    @property
    def badge(self) -> str:
        return lc.STATUS_BADGES[self.status]


PUBLIC_STATUSES = (lc.S_CURRENT, lc.S_PENDING, lc.S_REPEALED)


def register_page(
    on: date,
    kind: str = "",
    category: str = "",
    status: str = "",
    q: str = "",
    page: int = 1,
    per_page: int = 20,
    include_drafts: bool = True,
    above=(),
):
    """One page of the register: (pagination, rows). Statuses are computed in SQL, then the
    page's versions are fetched in one batched query (without their text). `above`: the centers
    whose rules are handed down to this one (app.auth.permissions.handed_down_center_ids); their
    released rules are listed beside the center's own (上级下发), drafts never."""
    stats, status_expr = _status_expression(on)
    above = list(above or ())
    here = current_center_id()
    seen = {"center_ids": [here, *above]} if above else {}
    query = (
        db.select(Document, status_expr.label("status"))
        .outerjoin(stats, stats.c.document_id == Document.id)
        .options(defer(Document.repeal_reason))
        .order_by(Document.kind, case((Document.center_id == here, 1), else_=0), Document.seq, Document.number)
    )
    if above:
        query = query.where(
            or_(Document.center_id == here, and_(_handed_down(above), status_expr.in_(PUBLIC_STATUSES)))
        ).execution_options(**seen)
    if kind:
        query = query.where(Document.kind == kind)
    if category:
        query = query.where(Document.category == category)
    if status:
        query = query.where(status_expr == status)
    if not include_drafts:
        query = query.where(status_expr.in_(PUBLIC_STATUSES))
    if q:
        like = f"%{q.strip()}%"
        query = query.where(or_(Document.title.like(like), Document.number.like(like)))
    # The count (the status aggregate over every version once more) is kept until a document changes.
    total = cache.cached(
        "documents",
        ("documents.register_total", on, kind, category, status, q, include_drafts, tuple(above)),
        lambda: db.session.scalar(
            db.select(func.count()).select_from(query.order_by(None).subquery()).execution_options(**seen)
        )
        or 0,
    )
    pagination = Page(max(1, int(page or 1)), per_page, total)
    rows_raw = db.session.execute(query.limit(per_page).offset((pagination.page - 1) * per_page)).all()
    doc_ids = [d.id for d, _ in rows_raw]
    versions = {}
    by_doc: dict[int, list] = {}
    if doc_ids:
        vs = db.session.scalars(
            db.select(DocumentVersion)
            .options(defer(DocumentVersion.content_md))
            .where(DocumentVersion.document_id.in_(doc_ids))
            .execution_options(**seen)
        ).all()
        for ver in vs:
            by_doc.setdefault(ver.document_id, []).append(ver)
        for doc, _ in rows_raw:
            own = by_doc.get(doc.id, [])
            chosen = lc.in_force(own, on) or lc.last_in_force(own, doc.repealed_on)
            if chosen is None:
                approved = [x for x in own if x.status == lc.APPROVED]
                opened = [x for x in own if x.status in (lc.DRAFT, lc.IN_REVIEW)]
                pool = approved or opened or own
                chosen = max(pool, key=lambda x: x.id) if pool else None
            versions[doc.id] = chosen
    handed = [doc for doc, _ in rows_raw if doc.center_id != here]
    names = center_names(d.center_id for d in handed)
    variants = variants_of(d.id for d in handed)
    upstream_ids = {d.handed_down_from_id for d, _ in rows_raw if d.center_id == here and d.handed_down_from_id}
    upstreams = {}
    if upstream_ids and above:
        upstreams = {
            d.id: d
            for d in db.session.scalars(
                db.select(Document)
                .where(Document.id.in_(sorted(upstream_ids)), _handed_down(above))
                .execution_options(center_ids=above)
            )
        }
    rows = []
    for doc, st in rows_raw:
        if doc.center_id == here:
            rows.append(RegisterRow(doc, st, versions.get(doc.id), upstream=upstreams.get(doc.handed_down_from_id)))
            continue
        got = hd.applicable(
            by_doc.get(doc.id, []), on, here, as_variants(variants.get(doc.id, [])), doc.repealed_on, doc.center_id
        )
        got = reviewed_since_revision(got)
        rows.append(RegisterRow(doc, st, versions.get(doc.id), names.get(doc.center_id, ""), got))
    return pagination, rows


def categories(kind: str = "") -> list[str]:
    """The categories in use (kept until a document changes)."""
    return list(cache.cached("documents", ("documents.categories", kind), lambda: _categories(kind)))


def _categories(kind: str) -> list[str]:
    query = db.select(Document.category).distinct().where(Document.category != "").order_by(Document.category)
    if kind:
        query = query.where(Document.kind == kind)
    return list(db.session.scalars(query))


@dataclass
class DueRow:
    document: Document
    version: DocumentVersion
    due: lc.ReviewDue
    last_review: DocumentReview | None = None


def latest_reviews(doc_ids=None) -> dict[int, DocumentReview]:
    """document_id -> its latest periodic review (by review day, then entry), in one query;
    for the given documents, or all documents when `doc_ids` is None."""
    r = DocumentReview
    rank = func.row_number().over(partition_by=r.document_id, order_by=(r.reviewed_on.desc(), r.id.desc()))
    ranked = db.select(r.id.label("review_id"), rank.label("rank"))
    if doc_ids is not None:
        doc_ids = list(doc_ids)
        if not doc_ids:
            return {}
        ranked = ranked.where(r.document_id.in_(doc_ids))
    ranked = ranked.subquery()
    rows = db.session.scalars(db.select(r).join(ranked, ranked.c.review_id == r.id).where(ranked.c.rank == 1))
    return {row.document_id: row for row in rows}


def latest_approved_effective(doc_ids=None) -> dict[int, date]:
    """document_id -> the latest effective date of its approved versions (in force or pending)."""
    v = DocumentVersion
    query = db.select(v.document_id, func.max(v.effective_date)).where(v.status == lc.APPROVED).group_by(v.document_id)
    if doc_ids is not None:
        doc_ids = list(doc_ids)
        if not doc_ids:
            return {}
        query = query.where(v.document_id.in_(doc_ids))
    return {doc_id: day for doc_id, day in db.session.execute(query)}


def due_of(
    version: DocumentVersion,
    review: DocumentReview | None,
    latest_effective: date | None,
    today: date,
    window_days: int = 30,
) -> lc.ReviewDue:
    """The review due state of a document from its in-force version and its latest review."""
    flag = lc.review_flag(
        review.conclusion if review else None, review.reviewed_on if review else None, latest_effective
    )
    return lc.review_due(
        version.effective_date,
        version.document.review_interval_months,
        today,
        window_days,
        last_reviewed_on=review.reviewed_on if review else None,
        flag=flag,
    )


def review_states(versions, today: date, window_days: int = 30, all_documents: bool = False) -> dict[int, DueRow]:
    """document_id -> DueRow for in-force `versions`, with two batched queries (latest reviews,
    latest approved effective dates) whatever the number of documents."""
    ids = None if all_documents else {v.document_id for v in versions}
    reviews = latest_reviews(ids)
    effective = latest_approved_effective(ids)
    return {
        v.document_id: DueRow(
            v.document,
            v,
            due_of(v, reviews.get(v.document_id), effective.get(v.document_id), today, window_days),
            reviews.get(v.document_id),
        )
        for v in versions
    }


def review_dashboard(today: date, window_days: int = 30, include_ok: bool = False) -> list[DueRow]:
    """Documents in force that are due for periodic review within `window_days`, overdue, or
    whose last review found they need revising (待修订) or repealing."""
    states = review_states(versions_in_force(today), today, window_days, all_documents=True)
    rows = [row for row in states.values() if include_ok or row.due.needs_attention]
    rows.sort(key=lambda r: (r.due.due_on, r.document.number))
    return rows


def setting_of_kind(kind: str) -> KindSetting:
    """The kind's stored setting, or an unsaved one with the default numbering (reading never
    writes: the row is created when someone saves the settings or numbers a document). Read once
    per kind and request (the home page asks for every version in review)."""
    return cache.per_request(("documents.setting_of_kind", kind), lambda: _setting_of_kind(kind))


def _setting_of_kind(kind: str) -> KindSetting:
    setting = db.session.scalar(db.select(KindSetting).filter_by(kind=kind))  # the current center's
    if setting is None:
        setting = KindSetting(kind=kind, number_pattern=DEFAULT_PATTERNS.get(kind, ""), reviewer_ids="")
    return setting


def get_document(doc_id: int) -> Document | None:
    return db.session.get(Document, doc_id)


def get_version(version_id: int) -> DocumentVersion | None:
    return db.session.get(DocumentVersion, version_id)


def document_by_number(number: str) -> Document | None:
    """The center's document with that number (surrounding spaces ignored), or None."""
    return db.session.scalar(db.select(Document).filter_by(number=(number or "").strip()))


def possible_signers() -> list:
    """Active accounts whose role may sign documents, by username (the settings page's choices)."""
    users = db.session.scalars(db.select(User).where(User.active.is_(True)).order_by(User.username))
    return [u for u in users if u.role in PERMISSIONS["documents.sign"]]


# -------------------------------------------------------------------- rules handed down (issue 13 item 2)
# A rule of a center above (the city, or a county for its townships) is in force in the centers
# below it. `above` is always the list the permission module gave
# (app.auth.permissions.handed_down_center_ids): these reads cross centers for those rules only.
def _handed_down(above):
    return and_(
        Document.center_id.in_(list(above)),
        Document.kind.in_(sorted(HANDED_DOWN_KINDS)),
        Document.handed_down_from_id.is_(None),
    )


def handed_down_document(doc_id: int, above) -> Document | None:
    """The rule `doc_id` of a center in `above` with at least one released version, or None."""
    above = list(above or ())
    if not above or doc_id is None:
        return None
    return db.session.scalar(
        db.select(Document)
        .where(Document.id == doc_id, _handed_down(above))
        .where(
            db.select(DocumentVersion.id)
            .where(DocumentVersion.document_id == Document.id, DocumentVersion.status == lc.APPROVED)
            .exists()
        )
        .execution_options(center_ids=above)
    )


def handed_down_version(version_id: int, above) -> DocumentVersion | None:
    """A released version of a rule handed down from a center in `above`, or None (drafts of the
    center above are never read below)."""
    above = list(above or ())
    if not above or version_id is None:
        return None
    return db.session.scalar(
        db.select(DocumentVersion)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(DocumentVersion.id == version_id, DocumentVersion.status == lc.APPROVED, _handed_down(above))
        .execution_options(center_ids=above)
    )


def upstream_of(document: Document, above) -> Document | None:
    """The rule above that the center's 补充规定 / 本地版本 `document` is attached to."""
    if document is None or document.handed_down_from_id is None:
        return None
    return handed_down_document(document.handed_down_from_id, above)


def variants_of(doc_ids) -> dict[int, list[Document]]:
    """handed-down document id -> the current center's 补充规定 and 本地版本 attached to it (with
    their versions), by id. Another center's variants are never read (the scoping keeps to ours)."""
    doc_ids = sorted({int(i) for i in doc_ids or ()})
    if not doc_ids:
        return {}
    found: dict[int, list[Document]] = {}
    rows = db.session.scalars(
        db.select(Document)
        .where(Document.handed_down_from_id.in_(doc_ids))
        .options(selectinload(Document.versions))
        .order_by(Document.id)
    )
    for doc in rows:
        found.setdefault(doc.handed_down_from_id, []).append(doc)
    return found


def as_variants(variant_docs) -> list[hd.Variant]:
    return [
        hd.Variant(d.center_id, d.variant_kind, tuple(d.versions), d.repealed_on, d.id)
        for d in variant_docs
        if d.variant_kind in hd.VARIANT_KINDS
    ]


def applicable_here(document: Document, on: date, variant_docs=None) -> hd.Applicable:
    """What of `document` applies in the current center on `on`: for a rule handed down, the
    upstream version in force with this center's local version and supplements (pure logic in
    app/documents/logic/handed_down.py); for one's own document, its version in force."""
    here = current_center_id()
    if variant_docs is None:
        variant_docs = variants_of([document.id]).get(document.id, []) if document.center_id != here else []
    got = hd.applicable(
        document.versions, on, here, as_variants(variant_docs), document.repealed_on, document.center_id
    )
    return reviewed_since_revision(got)


def reviewed_since_revision(got: hd.Applicable) -> hd.Applicable:
    """A supplement flagged for review (the rule above was revised after it took effect) is no
    longer flagged once the center recorded a 定期评审 of it on or after the revision's effective
    date: someone confirmed it still fits the new upstream text."""
    if not got.stale_supplements:
        return got
    reviews = latest_reviews(v.document_id for v in got.stale_supplements)
    since = got.handed_down.effective_date
    still = tuple(
        v for v in got.stale_supplements if v.document_id not in reviews or reviews[v.document_id].reviewed_on < since
    )
    return dataclasses.replace(got, stale_supplements=still)


@dataclass
class HandedDown:
    """A rule handed down and what of it applies here on a day."""

    document: Document
    applicable: hd.Applicable
    issuer: str
    variants: list

    @property
    def version(self):
        return self.applicable.text_version


def handed_down_in_force(on: date, above, kind: str | None = "rule") -> list[HandedDown]:
    """The rules handed down from `above` that apply in the current center on `on` (each with its
    local version and supplements), by issuing center (nearest first), then number."""
    above = list(above or ())
    if not above or (kind and kind not in HANDED_DOWN_KINDS):
        return []
    docs = list(
        db.session.scalars(
            db.select(Document)
            .where(_handed_down(above))
            .where(or_(Document.repealed_on.is_(None), Document.repealed_on > on))
            .options(selectinload(Document.versions))
            .order_by(Document.seq, Document.number)
            .execution_options(center_ids=above)
        )
    )
    variants = variants_of(d.id for d in docs)
    names = center_names(above)
    rows = []
    for doc in docs:
        got = applicable_here(doc, on, variants.get(doc.id, []))
        if got.in_force:
            rows.append(HandedDown(doc, got, names.get(doc.center_id, ""), variants.get(doc.id, [])))
    order = {c: i for i, c in enumerate(above)}
    rows.sort(key=lambda r: (order.get(r.document.center_id, 99), r.document.seq, r.document.number))
    return rows


def in_force_here(on: date, above, kind: str | None = None, with_content: bool = False) -> list[DocumentVersion]:
    """The versions in force in the current center on `on`: the text of each rule handed down from
    `above` (this center's 本地版本 where one applies, else the upstream version), then the center's
    own versions in force; one's own 补充规定 or 本地版本 only while it applies (not once the rule
    above is repealed, not a local version displaced by a later upstream revision)."""
    rows = handed_down_in_force(on, above, kind or "rule") if kind in (None, *HANDED_DOWN_KINDS) else []
    applying = set()
    for row in rows:
        got = row.applicable
        applying |= {v.id for v in (got.local, *got.supplements) if v is not None}
    upstream = [row.version for row in rows if row.applicable.local is None]
    own = [
        v
        for v in versions_in_force(on, kind, with_content)
        if v.document.handed_down_from_id is None or v.id in applying
    ]
    return upstream + own


def rule_here(doc_id: int, on: date, above) -> tuple[Document | None, hd.Applicable | None]:
    """(the rule, what of it applies here on `on`): one's own rule, or a rule handed down from
    `above` with this center's local version and supplements. (None, None) when neither."""
    doc = get_document(doc_id) or handed_down_document(doc_id, above)
    if doc is None or doc.kind not in HANDED_DOWN_KINDS:
        return None, None
    return doc, applicable_here(doc, on)


def variants_below(document: Document, on: date, below) -> list[tuple[str, tuple[str, ...]]]:
    """(center name, the kinds of variant in force there) for each center of `below` (ids the
    permission module gave: visible_center_ids(user, "local_rules")) that has a 补充规定 or 本地版本
    of `document` in force on `on`: what the center that made the rule sees of its localisation."""
    below = [c for c in (below or ()) if c != document.center_id]
    if not below:
        return []
    docs = db.session.scalars(
        db.select(Document)
        .where(Document.handed_down_from_id == document.id, Document.center_id.in_(below))
        .options(selectinload(Document.versions))
        .execution_options(center_ids=below)
    ).all()
    found = hd.centers_with_variants(as_variants(docs), on)
    names = center_names(found)
    return [(names.get(c, ""), kinds) for c, kinds in found.items()]
