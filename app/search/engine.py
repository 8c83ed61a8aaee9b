"""The search interface and its Whoosh implementation. No Flask imports: the app hands in
loaders that read the database (see sources.py), so another engine can replace this one.

Design (measured in bench/search.py): the index holds distinct character bigrams per document
without positions or frequencies, plus jieba words with frequencies for ranking. A query term
takes the intersection of its bigrams' posting lists (rarest first) as candidates (every document
when it has no bigram, e.g. one character); every candidate is then checked against its text for
the literal term, so recall and precision are exact. Texts are held per worker in a compact cache that is
refreshed from the database whenever the index says a document changed (a stamp per document).
"""
from __future__ import annotations

import dataclasses
import fcntl
import heapq
import logging
import math
import os
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

from whoosh import fields, formats, index
from whoosh.writing import CLEAR

from .analysis import WORDS_HEAD, BigramTokenizer, ParsedQuery, WordTokenizer, normalize, parse_query, query_words
from .interface import Hit, SearchBackend, SearchDoc, SearchResult  # noqa: F401 (re-exported)
from .segments import _View

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _Entry:
    text: str  # normalized title + number + body
    title: str  # normalized title + number
    doc: SearchDoc
    stamp: str
    day: date
    key: str = ""
    head: str = ""  # the normalized title alone (an exact title query ranks first)
    date: date = date.min
    restricted: bool = False


def _schema() -> fields.Schema:
    # scorable=True only stores a length per document; without it Whoosh's writer checks for a
    # lengths file once per posting (a stat() call each, a third of the build time).
    grams = fields.FieldType(formats.Existence(), analyzer=BigramTokenizer(), scorable=True)
    return fields.Schema(
        key=fields.ID(unique=True, stored=True),
        stamp=fields.STORED(),
        restricted=fields.BOOLEAN(stored=True),
        kind=fields.ID(),
        grams=grams,
        words=fields.TEXT(analyzer=WordTokenizer(), phrase=False),
    )


class WhooshBackend:
    """The embedded engine. `load(keys)` and `load_all()` read SearchDocs from the database."""

    def __init__(self, index_dir: str, load: Callable[[list[str]], list[SearchDoc]],
                 load_all: Callable[[], Iterable[SearchDoc]], today: Callable[[], date] = date.today,
                 count_all: Callable[[], int] | None = None):
        self.index_dir = index_dir
        self._load = load
        self._load_all = load_all
        self._count_all = count_all
        self._today = today
        self._ix = None
        self._view: _View | None = None
        self._cache: dict[str, _Entry] = {}
        self._lock = threading.RLock()

    # ------------------------------------------------------------ opening and repair
    def _lockfile(self):
        parent = os.path.dirname(os.path.abspath(self.index_dir))
        os.makedirs(parent, exist_ok=True)
        return open(os.path.abspath(self.index_dir) + ".lock", "a+")

    @contextmanager
    def _file_lock(self):
        """One writer at a time across processes: others wait here instead of seeing
        Whoosh's LockError."""
        with self._lockfile() as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _open(self):
        """Open the index; create and fill it from the database when missing or unreadable."""
        if self._ix is not None and os.path.exists(os.path.join(self.index_dir)):
            return self._ix
        with self._file_lock():
            try:
                ix = index.open_dir(self.index_dir)
                ix.latest_generation()
                self._ix = ix
                return ix
            except Exception as exc:  # missing, empty or corrupt: the database is the truth
                if os.path.exists(self.index_dir):
                    log.warning("search index at %s unreadable (%s): rebuilding from the database", self.index_dir, exc)
                    shutil.rmtree(self.index_dir, ignore_errors=True)
                os.makedirs(self.index_dir, exist_ok=True)
                self._ix = index.create_in(self.index_dir, _schema())
                self._view = None
                self._fill(self._load_all(), mergetype=CLEAR)
                return self._ix

    @contextmanager
    def writer(self):
        """A writer that cancels on any error and never commits after a cancel."""
        ix = self._open()
        with self._file_lock():
            w = ix.writer()
            try:
                yield w
            except BaseException:
                w.cancel()
                raise
            else:
                w.commit()

    def _fill(self, docs: Iterable[SearchDoc], mergetype=None, progress=None, procs: int = 1) -> int:
        """Write `docs` in one writer (caller holds the file lock)."""
        w = self._ix.writer(limitmb=512, procs=procs, multisegment=procs > 1) if procs > 1 else self._ix.writer(limitmb=1024)
        count = 0
        try:
            for doc in docs:
                self._add(w, doc, update=False)
                count += 1
                if progress:
                    progress(1)
        except BaseException:
            w.cancel()
            raise
        if mergetype is not None:
            w.commit(mergetype=mergetype)
        else:
            w.commit()
        return count

    def _add(self, w, doc: SearchDoc, update: bool = True) -> None:
        entry = self._entry(doc)
        hidden = doc.restricted and doc.public_from is None  # permission field in the index
        values = dict(key=doc.key, stamp=entry.stamp, restricted=hidden, kind=doc.kind,
                      grams=entry.text, words=entry.text[: len(entry.title) + WORDS_HEAD])
        (w.update_document if update else w.add_document)(**values)
        self._cache[doc.key] = entry

    def _entry(self, doc: SearchDoc) -> _Entry:
        title = normalize(f"{doc.title} {doc.number}")
        # The cached SearchDoc drops its body: the normalized text is all a search needs (and
        # keeping both would cost a serving worker about 17 MB more for the law corpus).
        return _Entry(text=normalize(f"{doc.title} {doc.number} {doc.body}"), title=title,
                      doc=dataclasses.replace(doc, body=""), stamp=doc.stamp, day=self._today(), key=doc.key,
                      head=normalize(doc.title),
                      date=doc.date or date.min, restricted=doc.restricted)

    # ------------------------------------------------------------ the interface
    def index(self, docs: Iterable[SearchDoc]) -> None:
        docs = list(docs)
        if not docs:
            return
        with self.writer() as w:
            for doc in docs:
                self._add(w, doc)

    def update(self, docs: Iterable[SearchDoc], removed: Iterable[str] = ()) -> None:
        """Index `docs` and drop `removed` in one commit."""
        docs, removed = list(docs), [k for k in removed if k in self._known_keys()]
        if not docs and not removed:
            return
        with self.writer() as w:
            for doc in docs:
                self._add(w, doc)
            for key in removed:
                w.delete_by_term("key", key)
                self._cache.pop(key, None)

    def _known_keys(self):
        try:
            return self._current_view().stamps
        except Exception:
            return {}

    def forget(self, keys: Iterable[str]) -> None:
        """Drop cached texts so the next search reads them from the database (after a failed
        index write, this worker at least answers from the database's text)."""
        keys = set(keys)
        if self._view is not None:
            self._view.ready = {}
        if "*" in keys:
            self._cache.clear()
        for key in keys:
            self._cache.pop(key, None)

    def remove(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if not keys:
            return
        with self.writer() as w:
            for key in keys:
                w.delete_by_term("key", key)
                self._cache.pop(key, None)

    def clear(self) -> None:
        self.rebuild(docs=[])
        self._cache.clear()

    def rebuild(self, docs: Iterable[SearchDoc] | None = None, progress=None, procs: int = 1) -> int:
        """Replace the whole index in one commit: searchers see the old index until then."""
        ix = self._open()
        with self._file_lock():
            self._ix = ix
            n = self._fill(self._load_all() if docs is None else docs, mergetype=CLEAR, progress=progress, procs=procs)
        self._view = None
        return n

    def keys(self) -> dict[str, str]:
        """key -> stamp of everything in the index (for `flask search check`)."""
        return dict(self._current_view().stamps)

    def warm(self) -> None:
        """Open the searcher and fill the text cache, so no request pays for it."""
        view = self._current_view()
        self._entries(view, set(view.keys))
        query_words("预热")  # loads jieba's dictionary (about 0.7 s) before the first query

    # ------------------------------------------------------------ searching
    def _current_view(self) -> _View:
        with self._lock:
            view = self._view
            try:
                if view is None:
                    self._view = _View(self._open().searcher())
                elif not view.searcher.up_to_date():
                    self._view = _View(view.searcher.refresh())
            except Exception as exc:
                log.warning("search index unusable (%s): reopening", exc)
                self._ix = None
                self._view = _View(self._open().searcher())
            return self._view

    def _entries(self, view: _View, docnums) -> dict[int, _Entry]:
        """docnum -> entry for `docnums`. Entries whose text matches the index stamp are kept
        on the view (valid for its generation and today); others are read from the database."""
        today = self._today()
        if view.day != today:
            view.ready, view.day = {}, today
        ready = view.ready
        if len(ready) >= len(view.keys):
            return ready
        extra, stale = {}, []
        for d in docnums:
            if d in ready:
                continue
            key = view.keys.get(d)
            if key is None:
                continue
            e = self._cache.get(key)
            if e is None or e.stamp != view.stamps.get(key) or e.day != today:
                stale.append(key)
            else:
                ready[d] = e
        for i in range(0, len(stale), 500):
            for doc in self._load(stale[i : i + 500]):
                e = self._entry(doc)
                self._cache[doc.key] = e
                d = view.docnum_of.get(doc.key)
                if d is not None:
                    # a text the index does not know yet (a lost index write) is used but not kept
                    (ready if e.stamp == view.stamps.get(doc.key) else extra)[d] = e
        if extra:
            merged = dict(ready)
            merged.update(extra)
            return merged
        return ready

    def search(self, query, filters=None, sort="relevance", page=1, per_page=20, include_restricted=False):
        pq: ParsedQuery = parse_query(query) if isinstance(query, str) else query
        filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
        if not pq and not filters:
            return SearchResult(0, [], [])
        view = self._current_view()
        if pq:
            cand: set[int] | None = None
            for group in pq.groups:
                g: set[int] = set()
                for term in group:
                    g |= view.candidates(term)
                cand = g if cand is None else cand & g
                if not cand:
                    break
            cand = cand or set()
        else:
            cand = set(view.keys)
        if not include_restricted:
            cand -= view.restricted
        entries = self._entries(view, cand)
        groups, excluded, terms = pq.groups, pq.excluded, pq.terms
        # One bigram per term: the posting lists are already the exact answer (when the index
        # and the database agree about the text).
        exact = all(len(t) == 2 and " " not in t for t in terms)
        stamps = view.stamps
        weights = self._word_weights(view, terms)
        nterms = len(terms)
        scored = []
        get = entries.get
        for d in cand:
            e = get(d)
            if e is None:
                continue
            text = e.text
            if not (exact and e.stamp == stamps.get(e.key)) and not all(any(t in text for t in g) for g in groups):
                continue
            if excluded and any(t in text for t in excluded):
                continue
            if e.restricted and not include_restricted:  # checked again on the database's word
                continue
            if filters and not _passes(e.doc, filters):
                continue
            title = e.title
            title_hits = 0
            for t in terms:
                if t in title:
                    title_hits += 1
            tier = 2 if nterms and title_hits == nterms else (1 if title_hits else 0)
            ex = 1 if e.head in terms else 0
            score = 0.0
            for idf, wmap in weights:
                tf = wmap.get(d)
                if tf:
                    score += idf * tf / (tf + 1.5)
            scored.append((tier, ex, score, e.date, e))
        total = len(scored)
        if sort == "date":
            key = lambda x: (x[3], x[0], x[2])  # noqa: E731
        else:
            key = lambda x: (x[0], x[1], x[2], x[3])  # noqa: E731
        if per_page is None:
            chosen = sorted(scored, key=key, reverse=True)
        else:
            start = max(page - 1, 0) * per_page
            chosen = heapq.nlargest(start + per_page, scored, key=key)[start:]
        hits = [Hit(e.key, tier * 1000 + ex * 100 + score, tier > 0) for tier, ex, score, _d, e in chosen]
        return SearchResult(total, hits, terms)

    def _word_weights(self, view: _View, terms) -> list[tuple[float, dict]]:
        """(idf, docnum -> tf) of the query's jieba words: a whole word outranks a chance substring."""
        out = []
        for term in terms:
            for w in query_words(term) if len(term) >= 2 else []:
                df = max(view.doc_frequency("words", w), 1)
                out.append((math.log(1 + view.n / df), view.word_weights(w)))
        return out


def _passes(doc: SearchDoc, filters: dict) -> bool:
    for name, value in filters.items():
        if name == "year":
            if doc.date is None or str(doc.date.year) != str(value):
                return False
        elif name == "kind":
            if doc.kind != value:
                return False
        elif name in ("category", "authority"):  # typed by hand: a part of the name is enough
            if str(value).strip() not in str(getattr(doc, name, "") or ""):
                return False
        elif str(getattr(doc, name, "")) != str(value):
            return False
    return True
