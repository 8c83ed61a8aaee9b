"""Chapters and articles (第X章 / 第X条) of a rule written in Markdown. Pure: no Flask.

    split_articles("## 第一章 总则\\n\\n第一条　为了……") ->
        [Article(chapter="第一章 总则", number_cn="一", number_int=1, text="为了……")]

Scoring entries cite articles by number (assessment), the rule page lists them, and the
compilation prints them under their chapters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...core.cn_numerals import ARTICLE, CN_NUM, cn_to_int, int_to_cn  # noqa: F401  (int_to_cn re-exported)

_HEADING_RE = re.compile(r"^(#{1,6})\s*(.+?)\s*#*\s*$")
_CHAPTER_RE = re.compile(rf"^第({CN_NUM})章(?:[\s　]+(.*))?$")
_SECTION_RE = re.compile(rf"^第({CN_NUM})节(?:[\s　]+(.*))?$")
# 第一条, **第一条**, 第一条　text, **第一条** text


@dataclass
class Article:
    chapter: str  # "第一章 总则", or "" before the first chapter
    number_cn: str  # "十七"
    number_int: int  # 17
    text: str  # the article's text after "第十七条", continuation paragraphs joined by "\n"
    section: str = ""  # "第一节 ……" when the chapter has sections

    @property
    def label(self) -> str:
        return f"第{self.number_cn}条"

    def display_markdown(self) -> str:
        """The article as Markdown with its bold label; each item (（一）…) on its own paragraph,
        table rows kept together."""
        out: list[str] = []
        for line in f"**{self.label}**　{self.text}".split("\n"):
            table = line.lstrip().startswith("|")
            if out and not (table and out[-1].lstrip().startswith("|")):
                out.append("")
            out.append(line)
        return "\n".join(out)


def split_articles(markdown: str) -> list[Article]:
    """Every 第X条 in order, with its chapter. Lines that are neither headings nor article starts
    (lists, continuation paragraphs, tables) belong to the article above them."""
    articles: list[Article] = []
    chapter, section = "", ""
    current: Article | None = None
    lines: list[str] = []

    def close():
        if current is not None:
            current.text = "\n".join(lines).strip()
            articles.append(current)

    for raw in (markdown or "").splitlines():
        line = raw.strip()
        heading = _HEADING_RE.match(line)
        title = heading.group(2).strip() if heading else line.strip("*").strip()
        if len(title) <= 40 and _CHAPTER_RE.match(title):
            close()
            current, lines = None, []
            chapter, section = re.sub(r"[\s　]+", " ", title), ""
            continue
        if len(title) <= 40 and _SECTION_RE.match(title):
            close()
            current, lines = None, []
            section = re.sub(r"[\s　]+", " ", title)
            continue
        if heading:
            close()
            current, lines = None, []
            continue
        m = ARTICLE.match(line)
        if m and cn_to_int(m["num"]) is not None:
            close()
            current = Article(chapter, m["num"], cn_to_int(m["num"]), "", section)
            lines = [m["text"]] if m["text"] else []
            continue
        if current is not None:
            if line or (lines and lines[-1]):
                lines.append(line)
    close()
    for a in articles:
        a.text = re.sub(r"\n{2,}", "\n", a.text)
    return articles


def chapters(articles: list[Article]) -> list[tuple[str, list[Article]]]:
    """Group articles by chapter, in order."""
    groups: list[tuple[str, list[Article]]] = []
    for a in articles:
        if not groups or groups[-1][0] != a.chapter:
            groups.append((a.chapter, []))
        groups[-1][1].append(a)
    return groups


def find_article(articles: list[Article], number: int | str) -> Article | None:
    n = number if isinstance(number, int) else cn_to_int(str(number).replace("第", "").replace("条", ""))
    return next((a for a in articles if a.number_int == n), None)
