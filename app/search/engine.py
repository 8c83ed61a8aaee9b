"""The search interface and its Whoosh implementation. No Flask imports: the app hands in
loaders that read the database (see sources.py), so another engine can replace this one.

Design (measured in bench/search.py): the index holds distinct character bigrams per document
(and per title) without positions or frequencies, plus jieba words with frequencies for ranking,
and stores each document's metadata and the place of its normalized text in the text store (a
file the workers map read-only: the operating system pages it in once for all of them). A query
term takes the intersection of its bigrams' posting lists (rarest first) as candidates (every
document when it has no bigram, e.g. one character). Candidates are walked in ranking order
(title hits, then the ranking words' stored order, then the date) and checked for the literal
term as they come (`mmap.find` over the document's bytes), so a top-20 request stops after 20
confirmed hits; an all-hits request checks every candidate. Recall and precision are exact.
"""

from __future__ import annotations

import fcntl
import gc
import heapq
import itertools
import logging
import math
import multiprocessing
import os
import shutil
import threading
from array import array
from bisect import bisect_left
from collections import Counter, deque
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

from whoosh import fields, formats, index
from whoosh.writing import CLEAR

from . import heal
from .analysis import (
    WORDS_HEAD,
    BigramTokenizer,
    ParsedQuery,
    exact_by_grams,
    normalize,
    parse_query,
    segment,
    term_quad_hashes,
    text_grams,
    word_candidates,
    words,
)
from .interface import Hit, SearchBackend, SearchDoc, SearchResult  # noqa: F401 (re-exported)
from .segments import DocInfo, TextStore, _View, postings_path

log = logging.getLogger(__name__)


def _schema() -> fields.Schema:
    # scorable=True only stores a length per document; without it Whoosh's writer checks for a
    # lengths file once per posting (a stat() call each, a third of the build time).
    # The body's bigrams and ranking words are not Whoosh fields: they live in the text store's
    # postings database (segments.py), written in bulk. Whoosh keeps one small record per document.
    return fields.Schema(
        key=fields.ID(unique=True, stored=True),
        stamp=fields.STORED(),
        restricted=fields.BOOLEAN(stored=True),
        kind=fields.ID(),
        tgrams=fields.FieldType(formats.Existence(), analyzer=BigramTokenizer(), scorable=True),
        # title, head, date, kind, status, category, authority, number, restricted, public_from, center, handed down
        meta=fields.STORED(),
        place=fields.STORED(),  # (text file, offset, length, entry id, 4-gram hashes) in the text store
    )


class WhooshBackend:
    """The embedded engine. `load(keys)` and `load_all()` read SearchDocs from the database."""

    def __init__(
        self,
        index_dir: str,
        load: Callable[[list[str]], list[SearchDoc]],
        load_all: Callable[[], Iterable[SearchDoc]],
        today: Callable[[], date] = date.today,
        count_all: Callable[[], int] | None = None,
        context: Callable | None = None,
    ):
        self.index_dir = index_dir
        # self-heal (heal.py): the reason the index is being rebuilt in the background (searches are
        # then answered from the database), the rebuilding thread, and the app context it runs in
        self.degraded: str | None = None
        self._healer: threading.Thread | None = None
        self._context = context
        self._load = load
        self._load_all = load_all
        self._count_all = count_all
        self._today = today
        self._ix = None
        self._view: _View | None = None
        self._store = TextStore(index_dir)
        self._pid = os.getpid()
        # keys whose index entry may disagree with the database (a failed index write): their
        # text is read from the database at each search until the index has it again
        self._suspect: set[str] = set()
        self._suspect_all = False
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

    def _open(self, fill: bool = True):
        """Open the index; create and fill it from the database when missing, unreadable or of
        an older layout (without the text store). `fill=False`: the caller fills it (a rebuild)."""
        if self._ix is not None and os.path.exists(os.path.join(self.index_dir)):
            return self._ix
        with self._file_lock():
            try:
                ix = index.open_dir(self.index_dir)
                ix.latest_generation()
                if "place" not in ix.schema.names():
                    raise ValueError("index written before the text store")
                current = self._store.current()
                if ix.doc_count() and (current is None or not os.path.exists(postings_path(self.index_dir, current))):
                    raise ValueError("text store or postings missing")
                heal.check_stamp(self.index_dir, ix.schema)
                problems = heal.check_segments(self.index_dir, ix)
                if problems:
                    raise heal.Damaged("; ".join(problems))
                self._ix = ix
                return ix
            except Exception as exc:  # missing, empty or corrupt: the database is the truth
                if fill and self._context is not None and index.exists_in(self.index_dir):
                    # a damaged or outdated index: rebuilt in the background, searches meanwhile
                    # answered from the database (see search)
                    self._start_healing(str(exc))
                    raise heal.Damaged(str(exc)) from None
                if os.path.exists(self.index_dir):
                    log.warning("search index at %s unreadable (%s): rebuilding from the database", self.index_dir, exc)
                    shutil.rmtree(self.index_dir, ignore_errors=True)
                os.makedirs(self.index_dir, exist_ok=True)
                self._ix = index.create_in(self.index_dir, _schema())
                heal.write_stamp(self.index_dir, self._ix.schema)
                heal.write_sums(self.index_dir, self._ix)
                self._view = None
                if fill:
                    self._fill(self._load_all(), mergetype=CLEAR)
                return self._ix

    # ------------------------------------------------------------ self-heal (heal.py)
    def _start_healing(self, reason: str) -> None:
        with self._lock:
            self.degraded = reason
            if self._healer is not None and self._healer.is_alive():
                return
            log.warning(
                "search index at %s damaged (%s): rebuilding in the background, answering from the database",
                self.index_dir,
                reason,
            )
            self._healer = threading.Thread(target=self._heal, name="search-heal", daemon=True)
            self._healer.start()

    def _heal(self) -> None:
        try:
            with self._context():
                self.repair(wait=False)  # None: another worker is rebuilding; search() looks again
        except Exception:  # noqa: BLE001 - the next open tries again; searches keep the database scan
            log.exception("search index rebuild failed")

    def repair(self, wait: bool = True) -> int | None:
        """Build the index again from the database in a folder of its own, then swap it in under the
        file lock: other workers keep their open index (or the database scan) until the swap. One
        process rebuilds at a time (`wait=False`: None when another one already is)."""
        with open(os.path.abspath(self.index_dir) + ".heal.lock", "a+") as heal_lock:
            try:
                fcntl.flock(heal_lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                return None
            try:
                fresh = f"{os.path.abspath(self.index_dir)}.heal-{os.getpid()}"
                shutil.rmtree(fresh, ignore_errors=True)
                os.makedirs(fresh)
                builder = WhooshBackend(fresh, self._load, self._load_all, self._today)
                builder._ix = index.create_in(fresh, _schema())
                heal.write_stamp(fresh, builder._ix.schema)
                n = builder._fill(self._load_all(), mergetype=CLEAR)
                builder._ix.close()
                with self._file_lock():
                    old = f"{os.path.abspath(self.index_dir)}.old-{os.getpid()}"
                    if os.path.exists(self.index_dir):
                        os.replace(self.index_dir, old)
                    os.replace(fresh, self.index_dir)
                    shutil.rmtree(old, ignore_errors=True)
            finally:
                fcntl.flock(heal_lock, fcntl.LOCK_UN)
        with self._lock:
            self._ix, self._view = None, None
            self._store = TextStore(self.index_dir)
            self.degraded = None
        return n

    def inspect(self) -> list[str]:
        """What is wrong with the index on disk ([] when it is sound); nothing is repaired here."""
        try:
            ix = index.open_dir(self.index_dir)
            heal.check_stamp(self.index_dir, ix.schema)
            return heal.check_segments(self.index_dir, ix)
        except Exception as exc:  # noqa: BLE001
            return [str(exc)]

    def wait_until_healed(self, timeout: float = 60.0) -> bool:
        healer = self._healer
        if healer is not None:
            healer.join(timeout)
        return self.degraded is None

    def _scan(self, query, filters, sort, page, per_page, include_restricted, centers=None):
        pq: ParsedQuery = parse_query(query) if isinstance(query, str) else query
        filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
        if not pq and not filters:
            return SearchResult(0, [], [])
        docs = self._load_all()
        if centers is not None:
            docs = (d for d in docs if centers.admits(d.center_id, d.handed_down))
        return heal.scan_search(
            docs, pq, filters, sort, page, per_page, include_restricted, self._today(), normalize, _passes
        )

    @contextmanager
    def writer(self):
        """A writer that cancels on any error and never commits after a cancel."""
        ix = self._open()
        with self._file_lock():
            w = ix.writer()
            w.texts = self._store.appender()
            try:
                yield w
                w.texts.close()
            except BaseException:
                w.texts.cancel()
                w.cancel()
                raise
            w.commit()
            heal.write_sums(self.index_dir, ix)
            if w.texts.new:
                self._store.make_current(w.texts.name)

            def live_ids():
                with ix.searcher() as s:
                    return {
                        stored["place"][3]: (stored["meta"][2] or 1, stored["key"])
                        for stored in s.all_stored_fields()
                        if stored["place"][0] == w.texts.name
                    }

            try:
                w.texts.compact_if_due(live_ids)
            except Exception:  # a later writer compacts; the rows are right either way
                log.exception("search postings compaction failed")

    def _fill(self, docs: Iterable[SearchDoc], mergetype=None, progress=None, procs: int = 1) -> int:
        """Write `docs` in one writer into a fresh text file (caller holds the file lock)."""
        w = self._ix.writer(limitmb=1024)
        w.texts = self._store.appender(fresh=True)
        count = 0
        try:
            for doc, analysed, rows in _analysed(docs, procs, w.texts.next_eid):
                if rows is not None:
                    w.texts.add_rows(*rows)
                self._add(w, doc, update=False, analysed=analysed)
                count += 1
                if progress:
                    progress(1)
            w.texts.close()
        except BaseException:
            w.texts.cancel()
            w.cancel()
            raise
        if mergetype is not None:
            w.commit(mergetype=mergetype)
        else:
            w.commit()
        heal.write_sums(self.index_dir, self._ix)
        self._store.make_current(w.texts.name)
        return count

    def _add(self, w, doc: SearchDoc, update: bool = True, analysed=None) -> None:
        title, text, grams, ranking_words, hashes = analysed or _analyse(doc)
        hidden = doc.restricted and doc.public_from is None  # permission field in the index
        meta = (
            title,
            normalize(doc.title),
            doc.date.toordinal() if doc.date else 0,
            doc.kind,
            doc.status or "",
            doc.category or "",
            doc.authority or "",
            doc.number or "",
            bool(doc.restricted),
            doc.public_from.toordinal() if doc.public_from else 0,
            doc.center_id,
            bool(doc.handed_down),
        )
        place = w.texts.add(text, grams, ranking_words, meta[2] or 1, doc.key, hashes)
        values = dict(
            key=doc.key, stamp=doc.stamp, restricted=hidden, kind=doc.kind, tgrams=title, meta=meta, place=place
        )
        (w.update_document if update else w.add_document)(**values)
        self._suspect.discard(doc.key)

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
                self._suspect.discard(key)

    def _known_keys(self):
        try:
            return self._current_view().stamps
        except Exception:
            return {}

    def forget(self, keys: Iterable[str]) -> None:
        """After a failed index write: check these keys' texts against the database at each
        search until the index has them again ("*": every key, found by one pass over the database)."""
        keys = set(keys)
        if "*" in keys:
            self._suspect_all = True
        self._suspect |= keys - {"*"}

    def remove(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if not keys:
            return
        with self.writer() as w:
            for key in keys:
                w.delete_by_term("key", key)

    def clear(self) -> None:
        self.rebuild(docs=[])

    def rebuild(self, docs: Iterable[SearchDoc] | None = None, progress=None, procs: int | None = None) -> int:
        """Replace the whole index in one commit: searchers see the old index until then."""
        ix = self._open(fill=False)  # a missing index is filled once, here
        with self._file_lock():
            self._ix = ix
            n = self._fill(self._load_all() if docs is None else docs, mergetype=CLEAR, progress=progress, procs=procs)
        self._view = None
        self._suspect.clear()
        self._suspect_all = False
        return n

    def keys(self) -> dict[str, str]:
        """key -> stamp of everything in the index (for `flask search check`)."""
        return dict(self._current_view().stamps)

    def warm(self) -> None:
        """Open the index and its searcher, so no request pays for it (nothing else is loaded:
        ranking needs no dictionary at query time, texts are read from the mapped store)."""
        self._current_view()

    # ------------------------------------------------------------ searching
    def _current_view(self) -> _View:
        with self._lock:
            if self._pid != os.getpid():  # forked after opening (gunicorn --preload): open our own
                self._pid, self._ix, self._view = os.getpid(), None, None
                self._store = TextStore(self.index_dir)
            view = self._view
            try:
                if view is None:
                    self._view = _View(self._open().searcher(), self.index_dir)
                elif not view.searcher.up_to_date():
                    self._view = _View(self._open().searcher(), self.index_dir)  # refresh() can keep a stale reader
            except Exception as exc:
                log.warning("search index unusable (%s): reopening", exc)
                self._ix = None
                self._view = _View(self._open().searcher(), self.index_dir)
            if self._view is not view:
                self._store.keep_only(self._view.store_names)
            return self._view

    def _overrides(self, view: _View, cand: set[int]) -> dict[int, _Entry | None]:
        """docnum -> the database's version of suspect candidates (None: no longer in the database)."""
        if self._suspect_all:
            self._suspect_all = False
            for doc in self._load_all():
                if view.stamps.get(doc.key) != doc.stamp:
                    self._suspect.add(doc.key)
        if not self._suspect:
            return {}
        wanted = {k: view.docnum_of[k] for k in self._suspect if k in view.docnum_of and view.docnum_of[k] in cand}
        if not wanted:
            return {}
        found = {d.key: d for d in self._load(sorted(wanted))}
        out: dict[int, _Entry | None] = {}
        for key, docnum in wanted.items():
            doc = found.get(key)
            if doc is not None and doc.stamp == view.stamps.get(key):
                self._suspect.discard(key)  # the index was right after all
                continue
            out[docnum] = None if doc is None else _Entry.of(doc)
        return out

    def _text_of(self, view: _View, d: int, info: DocInfo) -> str | None:
        """A candidate's text when the store cannot give it (a damaged or missing file)."""
        log.warning("search text store lacks %s: reading it from the database", info.key)
        docs = self._load([info.key])
        return _Entry.of(docs[0]).text if docs else None

    def search(
        self, query, filters=None, sort="relevance", page=1, per_page=20, include_restricted=False, centers=None
    ):
        """From the index; while it is damaged or being rebuilt, from a scan of the database.
        `centers` (a CenterScope): only the items of those centers (None: every center's)."""
        if self.degraded is not None and (self._healer is None or not self._healer.is_alive()):
            with self._lock:  # rebuilt by another worker meanwhile? (its swap is atomic)
                self._ix, self._view = None, None
            try:
                self._open()
                self.degraded = None
            except Exception:  # noqa: BLE001 - still damaged: _open started a rebuild again
                pass
        if self.degraded is None:
            try:
                return self._search_index(query, filters, sort, page, per_page, include_restricted, centers)
            except Exception as exc:  # noqa: BLE001 - a segment broke under an open index
                if not isinstance(exc, heal.Damaged):
                    log.warning("search failed on the index (%s): checking it", exc)
                    with self._lock:
                        self._ix, self._view = None, None
                    try:
                        self._open()
                    except Exception:  # noqa: BLE001 - _open started the rebuild if it found damage
                        pass
                    problems = self.inspect() if self.degraded is None else []
                    if problems and self._context is not None:
                        self._start_healing("; ".join(problems))
        return self._scan(query, filters, sort, page, per_page, include_restricted, centers)

    def _search_index(
        self, query, filters=None, sort="relevance", page=1, per_page=20, include_restricted=False, centers=None
    ):
        pq: ParsedQuery = parse_query(query) if isinstance(query, str) else query
        filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
        if not pq and not filters:
            return SearchResult(0, [], [])
        view = self._current_view()
        groups, excluded, terms = pq.groups, pq.excluded, pq.terms
        # ---- candidates: what the index knows (a superset of the hits)
        if pq:
            cand: set[int] | None = None
            for group in groups:
                g: set[int] = set()
                for term in group:
                    g |= view.candidates(term)
                cand = g if cand is None else cand & g
                if not cand:
                    break
            cand = cand or set()
        else:
            cand = set(view.docs)
        for term in excluded:  # a 2- or 3-character exclusion is answered by its posting list
            if exact_by_grams(term):
                cand -= view.postings("grams", term)
        docs = view.docs
        if not include_restricted:
            cand -= view.restricted
            cand -= view.not_yet_public(self._today())
        if centers is not None:
            cand &= view.in_scope(centers)
        overrides = self._overrides(view, cand)
        if centers is not None and overrides:  # the database's version of a suspect entry decides
            cand = {d for d in cand if d not in overrides or overrides[d] is None or overrides[d].admitted(centers)}
        if filters:
            cand = {d for d in cand if _passes(overrides.get(d) or docs[d], filters)}
        if not cand:
            return SearchResult(0, [], terms)
        # ---- the literal check, done lazily in ranking order
        verify = not all(map(exact_by_grams, terms)) or not all(map(exact_by_grams, excluded))
        # each term as UTF-8 with its 4-character runs' hashes (a candidate lacking one is no hit)
        bgroups = [[(t.encode("utf-8"), term_quad_hashes(t)) for t in g] for g in groups]
        bexcluded = [(t.encode("utf-8"), term_quad_hashes(t)) for t in excluded if not exact_by_grams(t)]
        runs_wanted = any(h for g in bgroups for _t, h in g) or any(h for _t, h in bexcluded)
        store = self._store

        def is_hit(d: int) -> bool:
            if d in overrides:
                e = overrides[d]
                if e is None:
                    return False
                text = e.text
                return all(any(t in text for t in g) for g in groups) and not any(t in text for t in excluded)
            if not verify:
                return True
            info = docs[d]
            start = info.offset
            end = start + info.length
            n = info.quads if runs_wanted else 0
            at = end + (-end % 4)
            mm = store.map(info.store, at + 8 * n if n else end)
            if mm is None:
                text = self._text_of(view, d, info)
                if text is None:
                    return False
                return all(any(t in text for t in g) for g in groups) and not any(t in text for t in excluded)
            find = mm.find
            if n:
                words = store.words(info.store, mm)  # the file as unsigned 32-bit words
                first = at >> 2
                for g in bgroups:
                    for t, hashes in g:
                        lo = _earliest(words, first, n, hashes)
                        if lo is not None and find(t, start + lo, end) >= 0:
                            break
                    else:
                        return False
                for t, hashes in bexcluded:
                    lo = _earliest(words, first, n, hashes)
                    if lo is not None and find(t, start + lo, end) >= 0:
                        return False
                return True
            for g in bgroups:
                for t, _h in g:
                    if find(t, start, end) >= 0:
                        break
                else:
                    return False
            for t, _h in bexcluded:
                if find(t, start, end) >= 0:
                    return False
            return True

        ranking = _Ranking(view, terms, cand, overrides)
        need = None if per_page is None else max(page - 1, 0) * per_page + per_page
        chosen: list[tuple[int, float, bool]] = []
        consumed = 0
        for d, score, title_match in ranking.order(sort):
            consumed += 1
            if is_hit(d):
                chosen.append((d, score, title_match))
                if need is not None and len(chosen) >= need:
                    break
        remaining = len(cand) - consumed
        exact = True
        total = len(chosen)
        if remaining > 0:
            if not verify and not overrides:
                total += remaining  # the posting lists are the exact answer
            elif remaining <= EXACT_COUNT_BELOW:
                total += sum(1 for d in ranking.rest() if is_hit(d))
            else:  # top k is certain; the total is estimated from the hit rate so far, and says so
                total += round(remaining * len(chosen) / max(consumed, 1))
                exact = False
        if per_page is not None:
            chosen = chosen[max(page - 1, 0) * per_page :]
        hits = [Hit(docs[d].key, score, title_match) for d, score, title_match in chosen]
        return SearchResult(total, hits, terms, total_exact=exact)


def _analyse(doc: SearchDoc) -> tuple[str, str, set[str], dict[str, int], bytes]:
    """(normalized title + number, normalized text, its bigrams and trigrams, ranking words with
    counts, its 4-character runs' hashes)."""
    title = normalize(f"{doc.title} {doc.number}")
    text = normalize(f"{doc.title} {doc.number} {doc.body}")
    grams, runs = text_grams(text)
    return title, text, grams, Counter(words(text[: len(title) + WORDS_HEAD])), runs


def _earliest(words, first: int, n: int, hashes: list[tuple[int, int]]) -> int | None:
    """Where in a text (bytes from its start) a term can first start, from the text's `n` sorted
    4-character-run hashes at word `first` of its store file and their first blocks after them
    (analysis.quad_hashes): None when a run of the term is missing (the term is absent, no text
    read), else a lower bound for the literal check (a term starts no earlier than any of its
    runs' first occurrence less the bytes before that run in the term). A binary search per run."""
    lo, end = 0, first + n
    for h, before in hashes:
        i = bisect_left(words, h, first, end)
        if i == end or words[i] != h:
            return None
        b = words[i + n] - before
        if b > lo:
            lo = b
    return lo


REBUILD_CHUNK = 128


def _analyse_chunk(task) -> tuple[list, tuple[int, dict[str, bytes]]]:
    """A chunk's analyses (without their grams) and the chunk's gram postings as packed entry
    ids from `first_eid` on: the posting lists are built here, in a forked process, instead of
    one Python step per posting in the writer (most of a rebuild's time once trigrams came)."""
    docs, first_eid = task
    out, table = [], {}
    with _no_gc():
        for eid, doc in enumerate(docs, first_eid):
            title, text, grams, ranking, hashes = _analyse(doc)
            get = table.get
            for g in grams:
                a = get(g)
                if a is None:
                    a = table[g] = array("I")
                a.append(eid)
            out.append((title, text, None, ranking, hashes))
        return out, (first_eid, {g: a.tobytes() for g, a in table.items()})


@contextmanager
def _no_gc():
    """No cyclic garbage collection for a block that allocates millions of acyclic objects (the
    collector's passes over them were half the cost of building posting lists)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _analysed(docs: Iterable[SearchDoc], procs: int | None, first_eid: int = 1):
    """(doc, _analyse(doc), rows) in order. A large rebuild analyses chunks in `procs` forked
    processes (default: the machine's cores, at most 4) while this one reads the database and
    writes: grams, their posting lists and jieba are most of a rebuild's time, and each document
    is independent. `rows` (with a chunk's first document, else None) is the chunk's postings
    (first entry id, gram -> packed ids); the documents' own grams are then None."""
    procs = min(os.cpu_count() or 1, 4) if procs is None else procs
    it = iter(docs)
    first = list(itertools.islice(it, REBUILD_CHUNK))
    if (
        procs <= 1
        or len(first) < REBUILD_CHUNK
        or multiprocessing.get_start_method(allow_none=True) not in (None, "fork")
    ):
        for doc in itertools.chain(first, it):
            yield doc, _analyse(doc), None
        return
    words("预热")  # jieba's dictionary loaded once here, shared by the forked processes
    chunks = itertools.chain([first], iter(lambda: list(itertools.islice(it, REBUILD_CHUNK)), []))

    def emit(chunk, job):
        analyses, rows = job.get()
        for i, (doc, analysed) in enumerate(zip(chunk, analyses, strict=True)):
            yield doc, analysed, rows if i == 0 else None

    with multiprocessing.get_context("fork").Pool(procs) as pool:
        pending: deque = deque()
        eid = first_eid
        for chunk in chunks:
            pending.append((chunk, pool.apply_async(_analyse_chunk, ((chunk, eid),))))
            eid += len(chunk)
            if len(pending) > procs:
                yield from emit(*pending.popleft())
        while pending:
            yield from emit(*pending.popleft())


EXACT_COUNT_BELOW = 40  # unverified candidates checked anyway for an exact total of a top-k page


@dataclass(slots=True)
class _Entry:
    """A document as the database has it now (for suspect index entries)."""

    key: str
    text: str
    title: str
    head: str
    day: int
    kind: str
    status: str
    category: str
    authority: str
    number: str
    date: date | None
    center_id: int | None = None
    handed_down: bool = False

    def admitted(self, centers) -> bool:
        return centers.admits(self.center_id, self.handed_down)

    @classmethod
    def of(cls, doc: SearchDoc) -> "_Entry":
        return cls(
            doc.key,
            normalize(f"{doc.title} {doc.number} {doc.body}"),
            normalize(f"{doc.title} {doc.number}"),
            normalize(doc.title),
            doc.date.toordinal() if doc.date else 1,
            doc.kind,
            doc.status or "",
            doc.category or "",
            doc.authority or "",
            doc.number or "",
            doc.date,
            doc.center_id,
            bool(doc.handed_down),
        )


class _Ranking:
    """Candidates in ranking order without scoring all of them: title hits first (few, found
    through the title bigrams), then documents holding the query's ranking words (walked in
    each word's stored order), then the rest newest first. Ranking as before: every term in the
    title, an exact title, a BM25-like score on indexed words, the date, then the key."""

    def __init__(self, view: _View, terms: list[str], cand: set[int], overrides: dict):
        self.view, self.terms, self.cand, self.overrides = view, terms, cand, overrides
        self.seen: set[int] = set()
        words: dict[str, int] = {}
        for term in dict.fromkeys(terms):
            for w in segment(term, view.known_words(word_candidates(term)).__contains__):
                words[w] = words.get(w, 0) + 1
        n = view.n
        self.words = []  # (idf x how often the query holds the word, tf map, ranked docnums)
        for w, times in words.items():
            tf, ranked = view.word_weights(w)
            self.words.append((times * math.log(1 + n / max(view.word_frequency(w), 1)), tf, ranked))

    def score(self, d: int) -> float:
        s = 0.0
        for idf, tf, _r in self.words:
            f = tf.get(d)
            if f:
                s += idf * f / (f + 1.5)
        return s

    def _title_tier(self, d: int, title: str, head: str) -> tuple[int, int]:
        hits = sum(1 for t in self.terms if t in title)
        n = len(self.terms)
        tier = 2 if n and hits == n else (1 if hits else 0)
        return tier, (1 if head in self.terms else 0)

    def _info(self, d):
        e = self.overrides.get(d)
        return e if e is not None else self.view.docs[d]

    def _full(self, d):
        info = self._info(d)
        tier, ex = self._title_tier(d, info.title, info.head)
        return tier, ex, self.score(d), info.day, info.key

    def order(self, sort: str):
        """(docnum, score, title_match) in ranking order; every candidate exactly once."""
        view, cand, seen = self.view, self.cand, self.seen
        if sort == "date" or len(cand) <= SMALL or not self.terms:
            full = {d: self._full(d) for d in cand}
            if sort == "date":
                order = sorted(cand, key=lambda d: (-full[d][3], -full[d][0], -full[d][2], full[d][4]))
            else:
                order = sorted(cand, key=lambda d: (-full[d][0], -full[d][1], -full[d][2], -full[d][3], full[d][4]))
            for d in order:
                seen.add(d)
                tier, ex, score, _day, _key = full[d]
                yield d, tier * 1000 + ex * 100 + score, tier > 0
            return
        # 1. title hits (few): found through the title bigrams, checked on the title
        titled: set[int] = set(d for d in self.overrides if d in cand)
        for t in self.terms:
            tc = view.title_candidates(t)
            titled |= cand if tc is None else tc & cand
        if len(titled) > SMALL and len(set(self.terms)) == 1 and len(self.words) <= 1 and not self.overrides:
            yield from self._titled_lazily(titled)
        else:
            full = {}
            for d in titled:
                f = self._full(d)
                if f[0] or f[1]:
                    full[d] = f
            for d in sorted(full, key=lambda d: (-full[d][0], -full[d][1], -full[d][2], -full[d][3], full[d][4])):
                seen.add(d)
                tier, ex, score, _day, _key = full[d]
                yield d, tier * 1000 + ex * 100 + score, tier > 0
        # 2. documents with the query's ranking words, best score first
        if len(self.words) == 1:
            idf, tf, ranked = self.words[0]
            for d in ranked:
                if d in cand and d not in seen:
                    seen.add(d)
                    f = tf[d]
                    yield d, idf * f / (f + 1.5), False
        elif self.words:
            yield from self._words_lazily()
        # 3. the rest, newest first
        rest = cand - seen
        if len(rest) * 16 < len(view.by_date):
            docs = view.docs
            order = sorted(rest, key=lambda d: (-docs[d].day, docs[d].key))
        else:
            order = (d for d in view.by_date if d in rest)
        for d in order:
            seen.add(d)
            yield d, 0.0, False

    def _words_lazily(self, step: int = 16):
        """The documents holding any of several ranking words, best score first (ties: newest,
        then key), without scoring all of them: the words' stored lists (tf descending) are walked
        side by side, each document met is scored in full, and it is given out once no document
        not met yet can score as high (the sum of each list's next weight bounds them)."""
        docs, cand, seen = self.view.docs, self.cand, self.seen
        lists = self.words
        pos = [0] * len(lists)
        heap: list = []
        met: set[int] = set()
        while True:
            bound, live = 0.0, False
            for (idf, tf, ranked), p in zip(lists, pos, strict=True):
                if p < len(ranked):
                    live = True
                    f = tf[ranked[p]]
                    bound += idf * f / (f + 1.5)
            while heap and (not live or -heap[0][0] > bound):
                score, _day, _key, d = heapq.heappop(heap)
                seen.add(d)
                yield d, -score, False
            if not live:
                return
            for i, (_idf, _tf, ranked) in enumerate(lists):
                p = pos[i]
                for d in ranked[p : p + step]:
                    if d in cand and d not in seen and d not in met:
                        met.add(d)
                        heapq.heappush(heap, (-self.score(d), -docs[d].day, docs[d].key, d))
                pos[i] = min(p + step, len(ranked))

    def _titled_lazily(self, titled: set[int]):
        """The title hits of a one-term query in the same order as the full sort, without scoring
        them all (a common term such as 人民 is in the titles of half the library): the exact
        titles, then the ranking word's stored order (tf, date, key), then the titles without the
        word newest first. A title candidate whose title lacks the term is left to the later tiers."""
        view, seen, docs = self.view, self.seen, self.view.docs
        term = self.terms[0]
        exact = [d for d in view.with_head(term) if d in titled]
        for d in sorted(exact, key=lambda d: (-self.score(d), -docs[d].day, docs[d].key)):
            seen.add(d)
            yield d, 2000 + 100 + self.score(d), True
        if self.words:
            idf, tf, ranked = self.words[0]
            for d in ranked:
                if d in titled and d not in seen and term in docs[d].title:
                    seen.add(d)
                    f = tf[d]
                    yield d, 2000 + idf * f / (f + 1.5), True
        else:
            tf = {}
        for d in view.by_date:
            if d in titled and d not in seen and d not in tf and term in docs[d].title:
                seen.add(d)
                yield d, 2000.0, True

    def rest(self):
        return [d for d in self.cand if d not in self.seen]


SMALL = 64  # candidates ranked in full (cheaper than walking the orders)


def _passes(doc, filters: dict) -> bool:
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
