"""Text analysis for exact Chinese search. Pure: no Flask, no database.

Whoosh pickles the analyzers into the index schema by import path, so the tokenizers below must
stay in this importable module (moving them breaks existing indexes: run `flask search reindex`).

Recall comes from character bigrams only (every substring of two or more characters is the AND
of its bigrams); precision comes from checking the candidates' text for the literal query; jieba
words are indexed only to rank a whole word above a chance substring, never to find documents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh.analysis import Token, Tokenizer

_SPACE_RE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The form every comparison uses: whitespace runs become one space, letters lower case."""
    return _SPACE_RE.sub(" ", text or "").strip().lower()


def bigrams(norm: str) -> set[str]:
    """Distinct adjacent character pairs without a space (punctuation included: 、房 or ：一 must
    not fall back to reading every text)."""
    return {g for g in (norm[i : i + 2] for i in range(len(norm) - 1)) if " " not in g}


def query_bigrams(term: str) -> set[str]:
    return bigrams(term)


WORDS_HEAD = 1000  # characters of the body whose jieba words feed ranking (all of it would double the build time)


_jieba = None


def _get_jieba():
    global _jieba
    if _jieba is None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba


def words(norm: str) -> list[str]:
    """jieba precise-mode words of length >= 2 (ranking only; search mode would also emit 民政 for
    人民政府, the very chance substring ranking must not reward)."""
    jb = _get_jieba()
    return [w for w in jb.cut(norm, HMM=False) if len(w) >= 2 and not w.isspace()]


def query_words(term: str) -> list[str]:
    jb = _get_jieba()
    return [w for w in jb.cut(term, HMM=False) if len(w) >= 2 and not w.isspace()]


class _SetTokenizer(Tokenizer):
    """Emits each distinct gram once: no positions, no frequencies (the index only answers
    'which documents contain this gram')."""

    def grams(self, norm: str):  # pragma: no cover - overridden
        raise NotImplementedError

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        norm = normalize(value)
        source = self.grams(norm) if tokenize else [norm]
        for gram in source:
            t.text = gram
            t.boost = 1.0
            t.stopped = False
            yield t


class BigramTokenizer(_SetTokenizer):
    def grams(self, norm):
        return bigrams(norm)


class WordTokenizer(Tokenizer):
    """jieba search-mode words with their frequencies (for scoring)."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for w in (words(normalize(value)) if tokenize else [normalize(value)]):
            t.text = w
            t.boost = 1.0
            t.stopped = False
            yield t


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
    alternatives; "quoted text" is one literal term (spaces kept); -term excludes."""
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


def highlight_pattern(terms: list[str]) -> re.Pattern | None:
    """A regex finding the terms in original (not normalized) text: case-insensitive, any
    whitespace run where the term has a space."""
    parts = []
    for term in sorted(set(terms), key=len, reverse=True):
        pieces = [re.escape(p) for p in term.split(" ") if p]
        if pieces:
            parts.append(r"\s+".join(pieces))
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)
