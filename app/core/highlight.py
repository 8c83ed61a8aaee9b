"""Mark search terms inside already-sanitised HTML, so a search result opens at its passage."""

import re

from markupsafe import Markup

from .searchquery import html_pattern, terms_from_query  # noqa: F401 (one parser of query terms)

_TAG = re.compile(r"(<[^>]+>)")


def mark_html(html: str, query: str) -> Markup:
    """Wrap each occurrence of the query's terms in <mark>, in text only (never inside a tag);
    the first gets id="hl-1" so the page can open there. Terms are found as the search found
    them (any bracket form, quotation marks between characters, any case)."""
    pattern = html_pattern(terms_from_query(query))
    if pattern is None:
        return Markup(html)
    count = 0

    def _mark(match):
        nonlocal count
        count += 1
        anchor = ' id="hl-1"' if count == 1 else ""
        return f"<mark{anchor}>{match.group(0)}</mark>"

    parts = _TAG.split(str(html))
    for i in range(0, len(parts), 2):  # even indexes are text between tags
        parts[i] = pattern.sub(_mark, parts[i])
    return Markup("".join(parts))
