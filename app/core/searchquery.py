"""The search box's query language and the one normal form of text that search compares: used by
the index (app/search), the result snippets and the marked passage of an opened document
(core/highlight.py, the govdocs viewer). Pure: no Flask, no database.

Normal form: whitespace runs become one space, letters lower case, the brackets of a 发文字号
typed as 〔〕 [] ［］ （） () become 〔〕, and quotation marks are dropped (so 流动红旗评选 finds
“流动红旗”评选 and 示政办[2024]12号 finds 示政办〔2024〕12号).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import escape

_SPACE_RE = re.compile(r"\s+")
OPENING = "〔[［（("
CLOSING = "〕]］）)"
QUOTES = "\"'“”‘’「」『』"
_FOLD = str.maketrans({**{c: "〔" for c in OPENING}, **{c: "〕" for c in CLOSING}, **{c: None for c in QUOTES}})


def normalize(text: str) -> str:
    """The form every comparison uses (see the module's docstring)."""
    return _SPACE_RE.sub(" ", (text or "").translate(_FOLD)).strip().lower()


# ---------------------------------------------------------------- query language
@dataclass
class ParsedQuery:
    """AND of `groups`; each group is an OR of literal terms; `excluded` terms must be absent."""

    groups: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        return [t for g in self.groups for t in g]

    def __bool__(self) -> bool:
        return bool(self.groups)


_TOKEN_RE = re.compile(r'(-?)"([^"]*)"|(-?)“([^”]*)”|(\S+)')


def parse_query(text: str) -> ParsedQuery:
    """Words separated by spaces are ANDed; `OR` (or `|`) between two terms makes them
    alternatives; "quoted text" is one literal term (spaces kept); -term excludes. Terms come
    out normalized."""
    pq = ParsedQuery()
    pending_or = False
    for m in _TOKEN_RE.finditer(text or ""):
        if m.group(5) is not None:
            raw = m.group(5)
            if raw in ("OR", "|"):
                pending_or = bool(pq.groups)
                continue
            neg = raw.startswith("-") and len(raw) > 1
            term = normalize(raw[1:] if neg else raw)
        else:
            neg = bool(m.group(1) or m.group(3))
            term = normalize(m.group(2) if m.group(2) is not None else m.group(4))
        if not term:
            continue
        if neg:
            pq.excluded.append(term)
        elif pending_or and pq.groups:
            pq.groups[-1].append(term)
        else:
            pq.groups.append([term])
        pending_or = False
    return pq


def terms_from_query(query: str) -> list[str]:
    """The positive terms of a search box query (quoted phrases kept whole; OR and -exclusions dropped)."""
    return parse_query(query).terms


# ---------------------------------------------------------------- finding terms in original text
_OPEN_CLASS = "[" + re.escape(OPENING) + "]"
_CLOSE_CLASS = "[" + re.escape(CLOSING) + "]"
_QUOTES_TEXT = "[" + re.escape(QUOTES) + "]*"
_QUOTES_HTML = "(?:[" + re.escape(QUOTES) + "]|&#34;|&#39;|&quot;|&apos;)*"


def _term_regex(term: str, html: bool) -> str:
    quotes = _QUOTES_HTML if html else _QUOTES_TEXT
    parts = []
    for ch in term:
        if ch == " ":
            parts.append(r"\s+")
        elif ch == "〔":
            parts.append(_OPEN_CLASS)
        elif ch == "〕":
            parts.append(_CLOSE_CLASS)
        else:
            parts.append(re.escape(str(escape(ch)) if html else ch))
    return quotes.join(parts)


def _pattern(terms, html: bool) -> re.Pattern | None:
    parts = [_term_regex(t, html) for t in sorted({normalize(t) for t in terms} - {""}, key=len, reverse=True)]
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlight_pattern(terms: list[str]) -> re.Pattern | None:
    """A regex finding the (normalized) terms in original text: case-insensitive, any whitespace
    run where the term has a space, any bracket form where it has 〔〕, quotation marks allowed
    between its characters."""
    return _pattern(terms, html=False)


def html_pattern(terms: list[str]) -> re.Pattern | None:
    """The same over HTML-escaped text (a quotation mark may be written &#34; there)."""
    return _pattern(terms, html=True)
