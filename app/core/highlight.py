"""Mark search terms inside already-sanitised HTML, so a search result opens at its passage."""
import re

from markupsafe import Markup, escape

_TAG = re.compile(r"(<[^>]+>)")


def terms_from_query(query: str) -> list[str]:
    """The positive terms of a search box query (quoted phrases kept whole; OR and -exclusions dropped)."""
    terms = []
    for quoted, bare in re.findall(r'"([^"]+)"|(\S+)', query or ""):
        term = (quoted or bare).strip()
        if not term or term.upper() == "OR" or (bare and bare.startswith("-")):
            continue
        terms.append(term)
    return terms


def mark_html(html: str, query: str) -> Markup:
    """Wrap each occurrence of the query's terms in <mark>, in text only (never inside a tag);
    the first gets id="hl-1" so the page can open there."""
    terms = sorted({str(escape(t)) for t in terms_from_query(query)}, key=len, reverse=True)
    if not terms:
        return Markup(html)
    pattern = re.compile("|".join(re.escape(t) for t in terms))
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
