"""The search page's use case: query the backend, load the hits from the database, check each
one again for the reader's permissions, and cut highlighted snippets from the database text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from markupsafe import Markup, escape

from ...auth.permissions import can, handed_down_center_ids, visible_center_ids
from ...centers.context import seeing
from ...core.pagination import PageNumbers
from ...core.timeutil import local_today
from ...documents.models import DocumentVersion
from .. import sources
from ..analysis import highlight_pattern
from ..backend import get_backend
from ..interface import CenterScope
from ..registry import source_of

SNIPPET_RADIUS = 40
BADGES = {
    "现行": "current",
    "现行有效": "current",
    "已替代": "superseded",
    "已修改": "superseded",
    "已废止": "repealed",
    "草稿": "draft",
    "审核中": "review",
    "已批准（待生效）": "approved",
    "尚未生效": "approved",
}


@dataclass
class Row:
    key: str
    kind: str
    kind_label: str
    number: Markup
    title: Markup
    status: str
    badge: str
    date: date | None
    snippets: list[Markup]
    url: str
    score: float


@dataclass
class ResultPage(PageNumbers):
    rows: list[Row] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    terms: list[str] = field(default_factory=list)
    total_exact: bool = True  # False: the engine stopped checking after this page's hits (约 N)


def mark(text: str, pattern) -> Markup:
    if pattern is None or not text:
        return escape(text or "")
    out, last = [], 0
    for m in pattern.finditer(text):  # plain strings joined once (Markup's own + and join cost ~30 µs a call)
        out.append(_escape(text[last : m.start()]))
        out.append("<mark>")
        out.append(_escape(m.group(0)))
        out.append("</mark>")
        last = m.end()
    out.append(_escape(text[last:]))
    return Markup("".join(out))


def _escape(text: str) -> str:
    return str(escape(text))


_MARKDOWN_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|>\s?|\|)|\s\|\s?", re.M)
_TABLE_RULE = re.compile(r"^[\s|:-]*-{3,}[\s|:-]*$", re.M)  # a Markdown table's ---|--- line


CLEAN_STEP = 2000  # characters of a body cleaned at a time, until the snippets are found


def _clean(text: str) -> str:
    return _MARKDOWN_MARKS.sub(" ", _TABLE_RULE.sub(" ", text.replace("**", ""))).replace("|", " ")


def _cleaned_prefixes(text: str):
    """(the body's first lines cleaned of Markdown marks, whether that is all of it), growing by
    about CLEAN_STEP characters cut after a line end: the marks are line-based, so a prefix cleans
    as the whole would (up to whitespace, which a snippet collapses), and a page of hits in long
    laws cleans their first pages, not every body in full (issue 17: a 2-character query's page)."""
    done, pos, n = "", 0, len(text)
    while True:
        cut = text.find("\n", pos + CLEAN_STEP)
        cut = n if cut < 0 else cut + 1
        done += _clean(text[pos:cut])
        pos = cut
        yield done, pos >= n
        if pos >= n:
            return


def snippets(text: str, pattern, limit: int = 2) -> list[Markup]:
    """Up to `limit` passages around the first matches, matches marked; Markdown marks
    (#, list bullets, table bars, bold) are dropped so the snippet reads as plain text."""
    width = SNIPPET_RADIUS * 2
    out, end_prev, at = [], -1, 0
    for done, whole in _cleaned_prefixes(text or ""):
        if pattern is None:
            plain = " ".join(done.split())
            if whole or len(plain) > width:
                return [escape(plain[:width])] if done else []
            continue
        for m in pattern.finditer(done, at):
            if not whole and m.end() + SNIPPET_RADIUS >= len(done):
                break  # its context (or a longer match) may lie in the next lines
            at = m.end() if m.end() > m.start() else m.end() + 1
            if m.start() < end_prev:
                continue
            start, end = max(m.start() - SNIPPET_RADIUS, 0), min(m.end() + SNIPPET_RADIUS, len(done))
            piece = " ".join(done[start:end].split())
            more = end < len(done) or not whole
            out.append(Markup("…" if start else "") + mark(piece, pattern) + Markup("…" if more else ""))
            end_prev = end
            if len(out) >= limit:
                return out
    return out


def center_scope(user) -> CenterScope:
    """The centers whose items `user` finds (the permission module decides): their own center's,
    and the handed-down rules of the centers above (a city rule in its counties); never a sibling's."""
    return CenterScope(frozenset(visible_center_ids(user, "own")), frozenset(handed_down_center_ids(user)))


def _in_scope(scope: CenterScope, obj) -> bool:
    if isinstance(obj, DocumentVersion):
        return scope.admits(obj.document.center_id, sources.handed_down(obj.document))
    return scope.admits(getattr(obj, "center_id", None), False)


def _visible(user, obj, status: str | None) -> bool:
    if isinstance(obj, DocumentVersion):
        if obj.status == "withdrawn":
            return False
        restricted = status in sources.RESTRICTED
        return can(user, "documents.view") and (not restricted or can(user, "documents.view_drafts"))
    source = source_of(obj)
    return source is not None and source.visible(user, obj)


def _row(obj, hit, q, terms, pattern, status: str | None = None) -> Row:
    # The whole query, so that the opened page marks every term (not only the first) and its
    # 返回检索结果 link repeats the same search; the viewers drop OR and -exclusions themselves.
    hl = q.strip()[:100] if terms else ""
    if isinstance(obj, DocumentVersion):
        doc = obj.document
        status = status or sources.version_status(obj)
        body, kind = obj.content_md or "", doc.kind
        url = url_for("documents.version", version_id=obj.id, hl=hl or None) + ("#hl-1" if hl else "")
        number, title, when = doc.number, doc.title, obj.effective_date or obj.created_at.date()
    else:
        shown = source_of(obj).shown(obj, hl or None)
        status, body, kind, url = shown.status, shown.body, shown.kind, shown.url
        number, title, when = shown.number, shown.title, shown.date
    return Row(
        key=hit.key,
        kind=kind,
        kind_label=sources.kind_names().get(kind, kind),
        number=mark(number, pattern),
        title=mark(title, pattern),
        status=status,
        badge=BADGES.get(status, "default"),
        date=when,
        snippets=snippets(body, pattern),
        url=url,
        score=hit.score,
    )


def search_page(user, q: str, filters: dict, sort: str = "relevance", page: int = 1, per_page: int = 20) -> ResultPage:
    include_restricted = can(user, "documents.view_drafts")
    scope = center_scope(user)
    result = get_backend().search(
        q,
        filters=filters,
        sort=sort,
        page=page,
        per_page=per_page,
        include_restricted=include_restricted,
        centers=scope,
    )
    pattern = highlight_pattern(result.terms)
    out = ResultPage(
        total=result.total,
        page=page,
        per_page=per_page,
        terms=result.terms,
        total_exact=getattr(result, "total_exact", True),
    )
    with seeing(sorted(scope.own | scope.above)):  # the city's rules too (checked in _in_scope)
        objects = sources.load_hits([hit.key for hit in result.hits])  # only the page shown: snippets too
    today = local_today()
    for hit in result.hits:
        obj = objects.get(hit.key)
        status = sources.version_status(obj, today) if isinstance(obj, DocumentVersion) else None
        if obj is None or not _in_scope(scope, obj) or not _visible(user, obj, status):  # the database decides
            continue
        out.rows.append(_row(obj, hit, q, result.terms, pattern, status))
    return out
