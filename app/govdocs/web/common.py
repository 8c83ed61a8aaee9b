"""What the govdocs pages share: a document's text as paragraphs with the searched passage marked."""

import re

from markupsafe import Markup

from ...search.analysis import highlight_pattern, parse_query
from ...search.services.results import mark

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def marked_paragraphs(text: str | None, hl: str) -> list[tuple[Markup, bool]]:
    """(paragraph HTML, is a heading) for each non-empty line; the terms of `hl` marked, the n-th
    mark with id "hl-n" so the page can jump to it."""
    pattern = highlight_pattern(parse_query(hl).terms) if hl else None
    marked, n = [], 0
    for p in [p for p in (text or "").split("\n") if p.strip()]:
        heading = _HEADING.match(p)  # .docx/.md text keeps Markdown marks; show them as formatting
        p = (p[heading.end() :] if heading else p).replace("**", "")
        html = mark(p, pattern)
        if pattern is not None and "<mark>" in html:
            n += 1
            html = Markup(str(html).replace("<mark>", f'<mark id="hl-{n}">', 1))
        marked.append((html, bool(heading)))
    return marked
