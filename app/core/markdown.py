"""Markdown rendered to HTML and sanitised, so stored text can never inject script."""

import functools

import markdown as md
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "span",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "span": {"class"}, "*": {"id"}}


def render_markdown(text: str) -> str:
    """Return safe HTML for `text` (tables and lists kept; script, style and event handlers removed).
    Kept per worker, keyed by the text itself (a version's content is its own key: an edited draft
    is a new key, a version in force is rendered once); the 64 most recently shown are kept."""
    return _render(text or "")


@functools.lru_cache(maxsize=64)
def _render(text: str) -> str:
    html = md.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"})
