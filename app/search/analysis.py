"""Text analysis for exact Chinese search. Pure: no Flask, no database.

Whoosh pickles the analyzers into the index schema by import path, so the tokenizers below must
stay in this importable module (moving them breaks existing indexes: run `flask search reindex`).

Recall comes from character bigrams only (every substring of two or more characters is the AND
of its bigrams); precision comes from checking the candidates' text for the literal query; jieba
words are indexed only to rank a whole word above a chance substring, never to find documents.
"""

from __future__ import annotations

import itertools
import zlib
from array import array

from whoosh.analysis import Token, Tokenizer

# The query language and the normal form live in core (the opened document's marks use them too).
from ..core.searchquery import ParsedQuery, highlight_pattern, html_pattern, normalize, parse_query  # noqa: F401


def bigrams(norm: str) -> set[str]:
    """Distinct adjacent character pairs without a space (punctuation included: 、房 or ：一 must
    not fall back to reading every text)."""
    grams = set(map(str.__add__, norm, norm[1:]))
    return {g for g in grams if " " not in g} if " " in norm else grams


def query_bigrams(term: str) -> set[str]:
    return bigrams(term)


def trigrams(norm: str) -> set[str]:
    """Distinct runs of three adjacent non-space characters."""
    grams = set(map(str.__add__, map(str.__add__, norm, norm[1:]), norm[2:]))
    return {g for g in grams if " " not in g} if " " in norm else grams


def body_grams(norm: str) -> set[str]:
    """What the Whoosh engine's postings hold per text: its bigrams and its trigrams. A trigram
    is far more selective than its two bigrams (a 5-character phrase's bigrams all occur in a few
    hundred long laws that lack the phrase; its trigrams in about the ones that hold it), so the
    literal check reads few texts that are not hits, and a term of 2 or 3 characters is answered
    by its posting list alone."""
    return bigrams(norm) | trigrams(norm)


def candidate_grams(term: str) -> set[str]:
    """The grams of `term` whose posting lists intersect to its candidates: its trigrams, and
    the bigrams no trigram covers (next to a space, or a 2-character term)."""
    tri = trigrams(term)
    covered = {g[:2] for g in tri} | {g[1:] for g in tri}
    return tri | {b for b in bigrams(term) if b not in covered}


def quads(norm: str) -> set[str]:
    """Distinct runs of four adjacent characters (spaces included: a query's are taken without)."""
    return set(map(str.__add__, map(str.__add__, map(str.__add__, norm, norm[1:]), norm[2:]), norm[3:]))


RUN_BLOCK = 256  # characters per block of a text's first-occurrence offsets (see quad_hashes)


def text_grams(norm: str) -> tuple[set[str], bytes]:
    """`body_grams(norm)` and `quad_hashes(norm)` in one pass (the runs of 2, 3 and 4 characters
    are built on each other)."""
    add = str.__add__
    bi = list(map(add, norm, norm[1:]))
    tri = list(map(add, bi, norm[2:]))
    grams = set(bi)
    grams.update(tri)
    if " " in norm:
        grams = {g for g in grams if " " not in g}
    return grams, _runs(norm, tri)


def quad_hashes(norm: str) -> bytes:
    """The text's distinct 4-character runs as sorted CRC-32s (packed unsigned 32-bit), then for
    each the byte offset (in the UTF-8 text) of the RUN_BLOCK-character block holding the first
    occurrence of a run with that CRC; stored after the text. A candidate lacking one of a term's
    runs is rejected by a binary search instead of reading its whole text (a 4-character phrase's
    two trigrams are often both in a long law that lacks it), and the literal check of a hit
    starts where its runs first occur instead of at the top of a long law."""
    return _runs(norm, list(map(str.__add__, map(str.__add__, norm, norm[1:]), norm[2:])))


def _runs(norm: str, tri: list[str]) -> bytes:
    """quad_hashes from the text's trigram list, at C speed (no Python step per run)."""
    n = len(norm) - 3
    if n <= 0:
        return b""
    runs = list(map(str.__add__, tri, norm[3:]))
    runs.reverse()
    blocks = list(
        itertools.accumulate((len(norm[i : i + RUN_BLOCK].encode()) for i in range(0, len(norm), RUN_BLOCK)), initial=0)
    )
    # each position's block offset, from the last position to the first: a later write is an
    # earlier position, so every CRC keeps the first block of any run with that CRC (two runs of
    # one long text often share a CRC-32; the offset stays a lower bound for both)
    last = (n - 1) // RUN_BLOCK
    offsets = itertools.islice(
        itertools.chain.from_iterable(itertools.repeat(b, RUN_BLOCK) for b in reversed(blocks[: last + 1])),
        RUN_BLOCK - (n - last * RUN_BLOCK),
        None,
    )
    first = dict(zip(map(zlib.crc32, map(str.encode, runs)), offsets, strict=False))
    hashes = sorted(first)
    return array("I", hashes).tobytes() + array("I", map(first.__getitem__, hashes)).tobytes()


RUN_SHIFT = RUN_BLOCK.bit_length() - 1  # position >> RUN_SHIFT = its block


def term_quad_hashes(term: str) -> list[tuple[int, int]]:
    """(CRC-32, UTF-8 bytes of the term before it) of each of a term's 4-character runs without a
    space (empty for shorter terms)."""
    out = {}
    for i in range(len(term) - 3):
        q = term[i : i + 4]
        if " " not in q:
            out.setdefault(zlib.crc32(q.encode()), len(term[:i].encode()))
    return sorted(out.items())


def exact_by_grams(term: str) -> bool:
    """True when the posting list of the term itself is the exact answer (2 or 3 characters, no
    space): no text needs checking."""
    return 2 <= len(term) <= 3 and " " not in term


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
    """jieba's words of a query term (the dictionary costs a worker about 70 MB and 1 s to load:
    the engines rank with `segment` over their own indexed words instead)."""
    jb = _get_jieba()
    return [w for w in jb.cut(term, HMM=False) if len(w) >= 2 and not w.isspace()]


MAX_WORD = 6  # longest indexed word a query term is cut into for ranking


def word_candidates(term: str) -> list[str]:
    """Every substring of `term` that could be an indexed ranking word (2..MAX_WORD characters, no space)."""
    out = []
    for i in range(len(term)):
        for j in range(i + 2, min(i + MAX_WORD, len(term)) + 1):
            w = term[i:j]
            if " " in w:
                break
            out.append(w)
    return list(dict.fromkeys(out))


def segment(term: str, known) -> list[str]:
    """Cut a query term into ranking words without jieba: the words the index itself holds
    (`known(word)` true), choosing the cut that covers most characters with fewest words (so
    人民政府 stays one word where the index has it, and 民政 is found inside 民政部门).
    Both engines use it, so they rank alike."""
    n = len(term)
    if n < 2:
        return []
    # best[i] = (covered, -words, cut) for term[i:]
    best: list[tuple[int, int, tuple]] = [(0, 0, ())] * (n + 1)
    for i in range(n - 1, -1, -1):
        choice = best[i + 1]
        for j in range(i + 2, min(i + MAX_WORD, n) + 1):
            w = term[i:j]
            if " " in w:
                break
            if known(w):
                c, k, cut = best[j]
                cand = (c + (j - i), k - 1, (w, *cut))
                if cand[:2] > choice[:2]:
                    choice = cand
        best[i] = choice
    return list(best[0][2])


class _SetTokenizer(Tokenizer):
    """Emits each distinct gram once: no positions, no frequencies (the index only answers
    'which documents contain this gram')."""

    def grams(self, norm: str):  # pragma: no cover - overridden
        raise NotImplementedError

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
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

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for w in words(normalize(value)) if tokenize else [normalize(value)]:
            t.text = w
            t.boost = 1.0
            t.stopped = False
            yield t
