"""Compare two versions of a document article by article. Pure: no Flask, no database.

    changes = compare_markdown(old_md, new_md)      # list[ArticleChange] in reading order
    summary(changes)                                # {'same': n, 'changed': n, 'added': n, 'removed': n}

Blocks are chapter/section headings, articles (第X条 … up to the next article or heading,
including its items, lists and tables) and other paragraphs. Alignment:
1. the block sequences are aligned on a hash of their content *without* the article or chapter
   number (SequenceMatcher over hashes), so identical articles pair up even when an inserted
   article shifted every later number;
2. in each stretch between those anchors, blocks of the same kind pair by similarity
   (character-bigram screen, then SequenceMatcher ratio ≥ 0.6), best pairs first, never
   crossing; what is left pairs by equal number or heading label (a rewritten 第五条 is still
   第五条); the rest is added or removed.
Inside a changed block the characters are diffed (Chinese has no spaces), HTML-escaped, and
wrapped in <del class="diff">…</del> / <ins class="diff">…</ins>; line breaks become <br>.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from markupsafe import escape

from ..docx_io import ARTICLE, CN_NUM, markdown_blocks

SIMILAR = 0.6
TOP_CANDIDATES = 4
REWRITTEN = 0.35  # below this similarity a changed block is shown as replaced as a whole
_LABEL = re.compile(rf"^(第{CN_NUM}[编章节条](?:之[一二三四五六七八九十]+)?)[\s\u3000]*")


@dataclass
class ArticleChange:
    key: str  # 第五条, 第六条（原第五条）, 第二章 管理职责, or the start of a paragraph
    kind: str  # 'same' | 'changed' | 'added' | 'removed'
    old_text: str
    new_text: str
    old_html: str  # escaped, with <del class="diff"> marks ('' when added)
    new_html: str  # escaped, with <ins class="diff"> marks ('' when removed)
    renumbered: bool = False  # paired with an article of another number (e.g. 原第五条 → 第六条)


@dataclass
class _Block:
    kind: str  # 'heading' | 'article' | 'para'
    label: str  # 第五条 / 第二章 / ''
    lines: list
    caption: str = ""  # the key of a table or list that stands on its own

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def sort(self) -> str:
        """Blocks pair only with the same sort: article, para, or heading of the same rank."""
        return self.kind + (self.label[-1:] if self.kind == "heading" else "")

    @property
    def body(self) -> str:
        """The text without its own number, for matching renumbered blocks."""
        return _LABEL.sub("", self.text, count=1) if self.label else self.text


def _block_line(b: tuple) -> str:
    kind = b[0]
    if kind in ("heading", "para"):
        return b[-1]
    if kind == "bullet":
        return "- " + b[1]
    if kind == "number":
        return f"{b[1]}. {b[2]}"
    return "\n".join(" | ".join(row) for row in b[1])


def split_blocks(markdown: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for b in markdown_blocks(markdown or ""):
        line = _block_line(b)
        if b[0] == "heading":
            m = _LABEL.match(line)
            blocks.append(_Block("heading", m.group(1) if m else "", [line]))
            current = None
        elif b[0] == "para" and ARTICLE.match(line):
            current = _Block("article", ARTICLE.match(line)["label"], [line])
            blocks.append(current)
        elif current is not None:
            current.lines.append(line)
        else:
            caption = ""
            if b[0] == "table":
                caption = "表格：" + "、".join(c for c in b[1][0] if c)
            elif b[0] in ("bullet", "number"):
                caption = "列表：" + b[-1]
            blocks.append(_Block("para", "", [line], caption))
    return blocks


def _bigrams(text: str) -> set:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _html(text: str) -> str:
    return str(escape(text)).replace("\n", "<br>")


def _char_diff(a: str, b: str) -> tuple[str, str]:
    sm = SequenceMatcher(None, a, b, autojunk=False)
    ops = sm.get_opcodes()
    if sm.ratio() < REWRITTEN:
        # a rewritten text: scattered common characters would only confuse; keep the shared
        # beginning (the article number) and ending, mark the rest as replaced as a whole
        head = len(_common_prefix(a, b))
        tail = min(len(_common_prefix(a[head:][::-1], b[head:][::-1])), 1)
        ops = [
            ("equal", 0, head, 0, head),
            ("replace", head, len(a) - tail, head, len(b) - tail),
            ("equal", len(a) - tail, len(a), len(b) - tail, len(b)),
        ]
    # fold 1–2 character "equal" islands between larger changes into the change (readability)
    merged: list[list] = []
    for k, op in enumerate(ops):
        tag, i1, i2, j1, j2 = op
        if (
            tag == "equal"
            and 0 < k < len(ops) - 1
            and i2 - i1 <= 2
            and (
                ops[k - 1][2]
                - ops[k - 1][1]
                + ops[k - 1][4]
                - ops[k - 1][3]
                + ops[k + 1][2]
                - ops[k + 1][1]
                + ops[k + 1][4]
                - ops[k + 1][3]
            )
            >= 8 * (i2 - i1)
        ):
            tag = "replace"
        if merged and tag != "equal" and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = i2, j2
        else:
            merged.append([tag, i1, i2, j1, j2])
    old, new = [], []
    for tag, i1, i2, j1, j2 in merged:
        if tag == "equal":
            old.append(_html(a[i1:i2]))
            new.append(_html(b[j1:j2]))
            continue
        if i2 > i1:
            old.append(f'<del class="diff">{_html(a[i1:i2])}</del>')
        if j2 > j1:
            new.append(f'<ins class="diff">{_html(b[j1:j2])}</ins>')
    return "".join(old), "".join(new)


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _key(block: _Block) -> str:
    if block.kind == "article":
        return block.label
    text = block.caption or block.text.split("\n", 1)[0]
    return text if len(text) <= 16 else text[:15] + "…"


def _change(old: _Block | None, new: _Block | None) -> ArticleChange:
    if old is None:
        return ArticleChange(_key(new), "added", "", new.text, "", f'<ins class="diff">{_html(new.text)}</ins>')
    if new is None:
        return ArticleChange(_key(old), "removed", old.text, "", f'<del class="diff">{_html(old.text)}</del>', "")
    key = _key(new)
    renumbered = old.kind == "article" and old.label != new.label
    if renumbered:
        key = f"{new.label}（原{old.label}）"
    if old.text == new.text:
        return ArticleChange(key, "same", old.text, new.text, _html(old.text), _html(new.text))
    old_html, new_html = _char_diff(old.text, new.text)
    return ArticleChange(key, "changed", old.text, new.text, old_html, new_html, renumbered)


def _pair_region(olds: list[_Block], news: list[_Block]) -> list[tuple[int, int]]:
    """Order-preserving pairs (i, j) inside one unanchored stretch."""
    if not olds or not news:
        return []
    grams_new = [_bigrams(b.body) for b in news]
    matchers: dict[int, SequenceMatcher] = {}  # one per new block: its index is built once
    window = None if len(olds) * len(news) <= 40000 else 150
    lone = len(olds) == len(news) == 1
    candidates = []
    for i, ob in enumerate(olds):
        go = _bigrams(ob.body)
        lo, hi = 0, len(news)
        if window:
            centre = i * len(news) // len(olds)
            lo, hi = max(0, centre - window), min(len(news), centre + window)
        screened = []
        for j in range(lo, hi):
            nb = news[j]
            if nb.sort != ob.sort:
                continue
            gn = grams_new[j]
            dice = 2 * len(go & gn) / (len(go) + len(gn))
            if ob.label and ob.label == nb.label:
                candidates.append((0.1 * dice, i, j))  # same number: paired if nothing better
            elif lone and ob.kind == "para":
                candidates.append((0.05 * dice, i, j))  # a lone paragraph replaced in place
            if dice >= 0.35:
                screened.append((dice, j))
        # the exact similarity only for the few most alike by character pairs
        for _, j in sorted(screened, reverse=True)[:TOP_CANDIDATES]:
            sm = matchers.get(j)
            if sm is None:
                sm = matchers[j] = SequenceMatcher(None, "", news[j].body, autojunk=False)
            sm.set_seq1(ob.body)
            if sm.real_quick_ratio() >= SIMILAR and sm.quick_ratio() >= SIMILAR:
                ratio = sm.ratio()
                if ratio >= SIMILAR:
                    same_label = bool(ob.label) and ob.label == news[j].label
                    candidates.append((ratio + (0.01 if same_label else 0), i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    chosen_i: list[int] = []
    chosen_j: list[int] = []
    for _, i, j in candidates:
        pos = bisect.bisect_left(chosen_i, i)
        if pos < len(chosen_i) and chosen_i[pos] == i:
            continue
        if pos > 0 and chosen_j[pos - 1] >= j:
            continue
        if pos < len(chosen_j) and chosen_j[pos] <= j:
            continue
        chosen_i.insert(pos, i)
        chosen_j.insert(pos, j)
    return list(zip(chosen_i, chosen_j, strict=False))


def compare_markdown(old_md: str, new_md: str) -> list[ArticleChange]:
    old_blocks, new_blocks = split_blocks(old_md), split_blocks(new_md)
    old_keys = [(b.sort, b.body) for b in old_blocks]
    new_keys = [(b.sort, b.body) for b in new_blocks]
    out: list[ArticleChange] = []
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(_change(old_blocks[i1 + k], new_blocks[j1 + k]) for k in range(i2 - i1))
            continue
        olds, news = old_blocks[i1:i2], new_blocks[j1:j2]
        i = j = 0
        for pi, pj in _pair_region(olds, news) + [(len(olds), len(news))]:
            out.extend(_change(olds[k], None) for k in range(i, pi))
            out.extend(_change(None, news[k]) for k in range(j, pj))
            if pi < len(olds):
                out.append(_change(olds[pi], news[pj]))
            i, j = pi + 1, pj + 1
    return out


def summary(changes: list[ArticleChange]) -> dict:
    counts = Counter(c.kind for c in changes)
    return {kind: counts.get(kind, 0) for kind in ("same", "changed", "added", "removed")}
