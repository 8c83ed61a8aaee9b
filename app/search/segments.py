"""One searcher generation of the Whoosh index: docnum -> key tables, posting lists read a block
at a time, and the table of cache entries checked against this generation's stamps."""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict

from .analysis import query_bigrams

log = logging.getLogger(__name__)


class _View:
    """One searcher generation: docnum -> key tables and posting-list caches."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.keys: dict[int, str] = {}
        self.stamps: dict[str, str] = {}
        self.restricted: set[int] = set()
        for docnum, stored in self.reader.iter_docs():
            previous = self.docnum_of_key(stored["key"]) if stored["key"] in self.stamps else None
            if previous is not None:  # never list an item twice, even if a delete was lost
                log.warning("search index holds %s twice; `flask search check` repairs it", stored["key"])
                del self.keys[previous]
            self.keys[docnum] = stored["key"]
            self.stamps[stored["key"]] = stored.get("stamp", "")
            if stored.get("restricted"):
                self.restricted.add(docnum)
        self.docnum_of = {k: d for d, k in self.keys.items()}
        self.live = frozenset(self.keys)
        self.ready: dict = {}  # docnum -> cache entry checked against this generation's stamps
        self.day = None
        self.deletions = self.reader.has_deletions()
        self.n = max(len(self.keys), 1)
        self._postings: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def docnum_of_key(self, key: str) -> int | None:
        for d, k in self.keys.items():
            if k == key:
                return d
        return None

    def postings(self, fieldname: str, text: str) -> frozenset:
        ck = (fieldname, text)
        with self._lock:
            got = self._postings.get(ck)
            if got is not None:
                self._postings.move_to_end(ck)
                return got
        ids, _w = _read_postings(self.reader, fieldname, text, weights=False)
        got = frozenset(ids) & self.live if self.deletions else frozenset(ids)
        with self._lock:
            self._postings[ck] = got
            if len(self._postings) > 20000:
                self._postings.popitem(last=False)
        return got

    def doc_frequency(self, fieldname: str, text: str) -> int:
        return self.reader.doc_frequency(fieldname, text)

    def candidates(self, term: str) -> set[int]:
        """Documents that may contain `term` (a superset: the caller checks the text). A term
        with no indexable bigram (one character, punctuation) makes every document a candidate:
        the text check over the in-memory cache is exact and, for one character, fast because
        `in` stops at the first occurrence."""
        grams = sorted(query_bigrams(term), key=lambda g: self.doc_frequency("grams", g))
        if not grams:
            return set(self.keys)
        result: set[int] | None = None
        for gram in grams:
            p = self.postings("grams", gram)
            result = set(p) if result is None else result & p
            if len(result) <= 4:  # checking a few texts is cheaper than more posting lists
                break
        return result or set()

    def word_weights(self, word: str) -> dict[int, float]:
        ck = ("words", word)
        with self._lock:
            got = self._postings.get(ck)
        if got is not None:
            return got
        ids, weights = _read_postings(self.reader, "words", word, weights=True)
        got = dict(zip(ids, weights))
        with self._lock:
            self._postings[ck] = got
        return got


def _read_postings(reader, fieldname: str, text: str, weights: bool) -> tuple[list[int], list[float]]:
    """All (docnum, weight) of a term, a block at a time: Whoosh's per-posting iteration costs
    about 1 µs a posting in Python, which is most of a two-character query's time."""
    ids: list[int] = []
    ws: list[float] = []
    for sub, offset in reader.leaf_readers():
        if (fieldname, text) not in sub:
            continue
        m = sub.postings(fieldname, text)
        while not hasattr(m, "_read_ids") and hasattr(m, "child"):
            m = m.child  # deletions are filtered by the caller
        if not hasattr(m, "_read_ids"):  # another codec: the slow, generic way
            while m.is_active():
                ids.append(m.id() + offset)
                ws.append(m.weight() if weights else 1.0)
                m.next()
            continue
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            ids.extend(d + offset for d in m._ids)
            if weights:
                if m._weights is None:
                    m._read_weights()
                ws.extend(m._weights)
            m._next_block()
    return ids, ws
