"""One searcher generation of the Whoosh index (docnum tables, metadata, posting lists read a block
at a time under a byte budget) and the text store the literal check reads (memory-mapped files
the operating system pages in and shares between workers: no per-worker copy of the texts)."""

from __future__ import annotations

import glob
import logging
import mmap
import os
import sqlite3
import threading
import uuid
from array import array
from collections import OrderedDict
from contextlib import contextmanager
from datetime import date

from .analysis import candidate_grams, query_bigrams

log = logging.getLogger(__name__)

STORE_GLOB = "texts-*"
GRAMS, WORDS = 0, 1  # the two posting fields of a store's postings database
COMPACT_AFTER = 64  # incremental batches after which a writer merges each term's rows into one
CURRENT = "texts.current"
POSTINGS_BUDGET = (
    1_000_000  # docnums held in cached posting lists per worker (about 45 MB at most, whatever the library)
)


def postings_path(folder: str, store_name: str) -> str:
    return os.path.join(folder, store_name[: -len(".dat")] + ".db")


# ------------------------------------------------------------------ the text store
class TextStore:
    """Append-only files of normalized texts (UTF-8) inside the index folder, each with its
    postings database (SQLite: every term's documents as packed arrays of entry ids, written in
    bulk at C speed: Whoosh's per-posting Python made a rebuild cost 5 µs a posting). Writers
    append under the index's file lock and name (file, offset, length, entry id) in the index; a
    rebuild starts a new file and drops the old ones after its commit. Readers map the text files
    read-only."""

    def __init__(self, index_dir: str):
        self.dir = index_dir
        self._maps: dict[str, mmap.mmap] = {}
        self._words: dict[str, tuple[mmap.mmap, memoryview]] = {}
        self._lock = threading.Lock()

    def current(self) -> str | None:
        try:
            with open(os.path.join(self.dir, CURRENT), encoding="ascii") as fh:
                name = fh.read().strip()
        except OSError:
            return None
        return name if name and os.path.exists(os.path.join(self.dir, name)) else None

    def appender(self, fresh: bool = False) -> "Appender":
        """Appends to the current file, or starts one (`new`: make it current after the commit)."""
        name = None if fresh else self.current()
        out = Appender(self, name or f"texts-{uuid.uuid4().hex[:12]}.dat")
        out.new = name is None
        return out

    def make_current(self, name: str) -> None:
        """Point at `name` and delete the other files (a process still mapping one keeps reading it)."""
        tmp = os.path.join(self.dir, CURRENT + ".tmp")
        with open(tmp, "w", encoding="ascii") as fh:
            fh.write(name)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, os.path.join(self.dir, CURRENT))
        stem = name[: -len(".dat")]
        for path in glob.glob(os.path.join(self.dir, STORE_GLOB)):
            if not os.path.basename(path).startswith(stem):
                try:
                    os.unlink(path)
                except OSError:
                    pass

    def map(self, name: str, end: int) -> mmap.mmap | None:
        """A read-only map of `name` covering at least `end` bytes (None when the file is gone or short)."""
        mm = self._maps.get(name)
        if mm is not None and len(mm) >= end:
            return mm
        with self._lock:
            mm = self._maps.get(name)
            if mm is not None and len(mm) >= end:
                return mm
            try:
                with open(os.path.join(self.dir, name), "rb") as fh:
                    size = os.fstat(fh.fileno()).st_size
                    if size < end or size == 0:
                        return None
                    new = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):
                return None
            self._maps[name] = new  # an older, shorter map is left to the garbage collector
            return new

    def words(self, name: str, mm: mmap.mmap) -> memoryview:
        """`mm` (a map of `name`) as unsigned 32-bit words (a text's 4-character runs are stored
        at a multiple of 4 bytes), made once per map instead of once per candidate."""
        got = self._words.get(name)
        if got is not None and got[0] is mm:
            return got[1]
        with memoryview(mm) as whole:
            view = whole[: len(mm) - len(mm) % 4].cast("I")
        self._words[name] = (mm, view)
        return view

    def keep_only(self, names: set[str]) -> None:
        with self._lock:
            for name in [n for n in self._maps if n not in names]:
                self._maps.pop(name, None)
                self._words.pop(name, None)


class Appender:
    """One writer's texts and postings: texts appended to the store file, postings collected in
    memory and written as one row per term at close (a rebuild writes every term once)."""

    def __init__(self, store: TextStore, name: str):
        self.store, self.name = store, name
        os.makedirs(store.dir, exist_ok=True)
        self._fh = open(os.path.join(store.dir, name), "ab")
        self._fh.seek(0, os.SEEK_END)
        self._offset = self._fh.tell()
        self._db = _connect(postings_path(store.dir, name))
        self._fresh = self._offset == 0
        _create(self._db)
        self._next = self._db.execute("SELECT v FROM meta WHERE k = 'next_eid'").fetchone()[0]
        self._grams: dict[str, array] = {}
        self._words: dict[str, tuple[array, array]] = {}
        self._order: dict[int, tuple[int, str]] = {}  # entry id -> (date ordinal, key)
        self._rows: dict[str, bytearray] = {}  # gram -> packed entry ids, built in chunks elsewhere

    @property
    def next_eid(self) -> int:
        return self._next

    def add_rows(self, first_eid: int, rows: dict[str, bytes]) -> None:
        """Gram postings of the texts about to be added from entry id `first_eid` on (built by a
        rebuild's forked processes: `add` is then given no grams)."""
        if first_eid != self._next:
            raise RuntimeError(f"postings from entry {first_eid} out of step with the texts ({self._next})")
        table = self._rows
        for g, packed in rows.items():
            got = table.get(g)
            if got is None:
                table[g] = bytearray(packed)
            else:
                got += packed

    def add(
        self, text: str, grams, words: dict[str, int], day: int = 0, key: str = "", quads: bytes = b""
    ) -> tuple[str, int, int, int, int]:
        """Append a text and its 4-character runs (analysis.quad_hashes: after the text, at the next
        multiple of 4 bytes); (file, offset, length, entry id, number of runs)."""
        data = text.encode("utf-8")
        self._fh.write(data)
        at = self._offset
        self._offset += len(data)
        if quads:
            pad = -self._offset % 4
            self._fh.write(b"\0" * pad + quads)
            self._offset += pad + len(quads)
        eid = self._next
        self._next += 1
        table = self._grams
        for g in grams or ():
            a = table.get(g)
            if a is None:
                a = table[g] = array("I")
            a.append(eid)
        self._order[eid] = (day, key)
        wt = self._words
        for w, tf in words.items():
            pair = wt.get(w)
            if pair is None:
                pair = wt[w] = (array("I"), array("H"))
            pair[0].append(eid)
            pair[1].append(min(tf, 65535))
        return (self.name, at, len(data), eid, len(quads) // 8)

    def close(self) -> None:
        """Durable before the index commit that names these texts and ids."""
        if self._fh.closed:
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        db = self._db
        with _transaction(db):
            grams, rows = self._grams, self._rows
            db.executemany(
                "INSERT INTO postings (field, term, eids, weights) VALUES (?, ?, ?, NULL)",
                ((GRAMS, g, a.tobytes() + bytes(rows.pop(g, b""))) for g, a in grams.items()),
            )
            db.executemany(
                "INSERT INTO postings (field, term, eids, weights) VALUES (?, ?, ?, NULL)",
                ((GRAMS, g, bytes(packed)) for g, packed in rows.items()),
            )
            db.executemany(
                "INSERT INTO postings (field, term, eids, weights) VALUES (?, ?, ?, ?)",
                ((WORDS, w, *_ranked(e, t, self._order)) for w, (e, t) in self._words.items()),
            )
            db.execute("UPDATE meta SET v = ? WHERE k = 'next_eid'", (self._next,))
            db.execute("UPDATE meta SET v = v + 1 WHERE k = 'batches'")
        if self._fresh:
            db.execute("CREATE INDEX IF NOT EXISTS ix_postings_term ON postings (field, term)")
        self._grams, self._words, self._rows = {}, {}, {}

    def cancel(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        self._grams, self._words, self._rows = {}, {}, {}
        self._db.close()

    def compact_if_due(self, live_ids) -> None:
        """Merge each term's rows into one (dropping entries no longer in the index) once enough
        incremental batches have piled up."""
        db = self._db
        if db.execute("SELECT v FROM meta WHERE k = 'batches'").fetchone()[0] < COMPACT_AFTER:
            db.close()
            return
        live = live_ids()  # entry id -> (date ordinal, key)
        merged: dict[tuple[int, str], tuple[array, array | None]] = {}
        for field, term, eids, weights in db.execute("SELECT field, term, eids, weights FROM postings ORDER BY rowid"):
            e = array("I")
            e.frombytes(eids)
            w = None
            if weights is not None:
                w = array("H")
                w.frombytes(weights)
            got = merged.get((field, term))
            if got is None:
                merged[(field, term)] = (e, w)
            else:
                got[0].extend(e)
                if w is not None:
                    got[1].extend(w)
        with _transaction(db):
            db.execute("DELETE FROM postings")
            for (field, term), (e, w) in merged.items():
                keep = [i for i, x in enumerate(e) if x in live]
                if not keep:
                    continue
                if len(keep) < len(e):
                    e = array("I", (e[i] for i in keep))
                    w = array("H", (w[i] for i in keep)) if w is not None else None
                db.execute(
                    "INSERT INTO postings (field, term, eids, weights) VALUES (?, ?, ?, ?)",
                    (field, term, *(_ranked(e, w, live) if w is not None else (e.tobytes(), None))),
                )
            db.execute("UPDATE meta SET v = 0 WHERE k = 'batches'")
        db.close()


def _ranked(eids: array, tfs: array, order: dict) -> tuple[bytes, bytes]:
    """A word's postings in ranking order: tf descending, then newest, then key (so a reader
    walks them as they are, without sorting)."""
    idx = sorted(range(len(eids)), key=lambda i: (-tfs[i], -order[eids[i]][0], order[eids[i]][1]))
    return array("I", (eids[i] for i in idx)).tobytes(), array("H", (tfs[i] for i in idx)).tobytes()


@contextmanager
def _transaction(db: sqlite3.Connection):
    """One transaction (the connection is in autocommit mode, where `with db` would not begin one)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=DELETE")  # no WAL file doubling a rebuild's size
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def _create(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS postings (field INTEGER NOT NULL, term TEXT NOT NULL, eids BLOB NOT NULL, "
        "weights BLOB)"
    )
    db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL)")
    db.execute("INSERT OR IGNORE INTO meta (k, v) VALUES ('next_eid', 1), ('batches', 0)")


class Postings:
    """Read side of the postings databases a view's documents live in."""

    def __init__(self, folder: str, eid_maps: dict[str, dict[int, int]]):
        self._lock = threading.Lock()
        self._sources = []
        for name, eids in eid_maps.items():
            path = postings_path(folder, name)
            if not os.path.exists(path):
                raise FileNotFoundError(f"postings database {path} missing")
            db = sqlite3.connect(path, timeout=30, check_same_thread=False)
            db.execute("SELECT v FROM meta WHERE k = 'next_eid'").fetchone()  # raises on a damaged file
            self._sources.append((db, eids))

    def read(self, field: int, term: str, weights: bool = False) -> tuple[list[int], list[int], bool]:
        """(docnums, weights, ranked) of a term, for the documents of this view (dead entry ids
        dropped); `ranked`: in the stored ranking order (one row of one database)."""
        docs: list[int] = []
        ws: list[int] = []
        nrows = 0
        with self._lock:
            for db, eids in self._sources:
                rows = db.execute(
                    "SELECT eids, weights FROM postings WHERE field = ? AND term = ?", (field, term)
                ).fetchall()
                nrows += len(rows)
                for blob, wblob in rows:
                    e = array("I")
                    e.frombytes(blob)
                    if not weights:
                        docs.extend(d for d in map(eids.get, e) if d is not None)
                        continue
                    w = array("H")
                    w.frombytes(wblob)
                    for d, x in zip(map(eids.get, e), w, strict=False):
                        if d is not None:
                            docs.append(d)
                            ws.append(x)
        return docs, ws, nrows <= 1

    def frequency(self, field: int, term: str) -> int:
        """Entries holding `term` (dead ones included until a compaction, as Whoosh counts them)."""
        n = 0
        with self._lock:
            for db, _eids in self._sources:
                got = db.execute(
                    "SELECT sum(length(eids)) FROM postings WHERE field = ? AND term = ?", (field, term)
                ).fetchone()[0]
                n += (got or 0) // 4
        return n

    def frequencies(self, field: int, terms: list[str]) -> dict[str, int]:
        """`frequency` of several terms in one query per database."""
        out = dict.fromkeys(terms, 0)
        if not terms:
            return out
        marks = ",".join("?" * len(terms))
        with self._lock:
            for db, _eids in self._sources:
                for term, size in db.execute(
                    f"SELECT term, sum(length(eids)) FROM postings WHERE field = ? AND term IN ({marks}) GROUP BY term",
                    (field, *terms),
                ):
                    out[term] += (size or 0) // 4
        return out

    def close(self) -> None:
        for db, _e in self._sources:
            db.close()


# ------------------------------------------------------------------ one searcher generation
class DocInfo:
    """What a search needs of one document besides its text (from the index's stored fields)."""

    __slots__ = (
        "key",
        "stamp",
        "title",
        "head",
        "day",
        "kind",
        "status",
        "category",
        "authority",
        "number",
        "restricted",
        "public_from",
        "center_id",
        "handed_down",
        "store",
        "offset",
        "length",
        "eid",
        "quads",
    )

    def __init__(self, key, stamp, meta, loc):
        self.key, self.stamp = key, stamp
        (
            self.title,
            self.head,
            day,
            self.kind,
            self.status,
            self.category,
            self.authority,
            self.number,
            self.restricted,
            public_from,
            self.center_id,
            self.handed_down,
        ) = meta
        self.day = day or 1  # date ordinal; 1 (date.min) when undated
        self.public_from = date.fromordinal(public_from) if public_from else None
        self.store, self.offset, self.length, self.eid, self.quads = loc

    @property
    def date(self) -> date | None:
        return None if self.day <= 1 else date.fromordinal(self.day)


class _View:
    """One searcher generation: docnum -> DocInfo, ranking orders and posting-list caches."""

    def __init__(self, searcher, folder: str):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.docs: dict[int, DocInfo] = {}
        self.stamps: dict[str, str] = {}
        self.docnum_of: dict[str, int] = {}
        self.restricted: set[int] = set()  # hidden from readers without documents.view_drafts
        self.dated: set[int] = set()  # public from their public_from date on (SearchDoc.visible_on)
        deleted = self.reader.is_deleted if self.reader.has_deletions() else None
        duplicates = False
        for docnum, stored in self.reader.iter_docs():
            if deleted is not None and deleted(docnum):  # a segment's own iter_docs lists deleted ones too
                continue
            key = stored["key"]
            previous = self.docnum_of.get(key)
            if previous is not None:  # never list an item twice, even if a delete was lost
                log.warning("search index holds %s twice; `flask search check` repairs it", key)
                duplicates = True
                del self.docs[previous]
                self.restricted.discard(previous)
                self.dated.discard(previous)
            info = DocInfo(key, stored.get("stamp", ""), stored["meta"], stored["place"])
            self.docs[docnum] = info
            self.docnum_of[key] = docnum
            self.stamps[key] = info.stamp
            if stored.get("restricted"):
                self.restricted.add(docnum)
            elif info.public_from is not None:
                self.dated.add(docnum)
        self.keys = {d: i.key for d, i in self.docs.items()}
        self.live = frozenset(self.docs)
        eid_maps: dict[str, dict[int, int]] = {}
        for d, i in self.docs.items():
            eid_maps.setdefault(i.store, {})[i.eid] = d
        self.store_names = set(eid_maps)
        self.post = Postings(folder, eid_maps)
        self.deletions = deleted is not None or duplicates
        self.n = max(len(self.docs), 1)
        # every document newest first (ties by key, as PostgreSQL orders them): the tail of a ranking
        self.by_date = sorted(self.docs, key=lambda d: (-self.docs[d].day, self.docs[d].key))
        self._postings: OrderedDict = OrderedDict()
        self._held = 0
        self._known: dict[str, int] = {}
        self._gdf: dict[str, int] = {}
        self._future: tuple = (None, frozenset())
        self._heads: dict[str, list[int]] | None = None
        self._scopes: dict = {}
        self._lock = threading.Lock()

    def in_scope(self, centers) -> frozenset:
        """The documents a reader limited to `centers` (a CenterScope) finds: their own centers'
        and the handed-down ones of the centers above."""
        got = self._scopes.get(centers)
        if got is None:
            got = frozenset(d for d, i in self.docs.items() if centers.admits(i.center_id, i.handed_down))
            if len(self._scopes) > 256:
                self._scopes.clear()
            self._scopes[centers] = got
        return got

    def not_yet_public(self, today: date) -> frozenset:
        """Documents whose public_from date is after `today` (hidden from readers without drafts)."""
        day, got = self._future
        if day != today:
            got = frozenset(d for d in self.dated if self.docs[d].public_from > today)
            self._future = (today, got)
        return got

    def with_head(self, head: str) -> list[int]:
        """Documents whose normalized title is exactly `head` (an exact title ranks first)."""
        heads = self._heads
        if heads is None:
            heads = {}
            for d, info in self.docs.items():
                heads.setdefault(info.head, []).append(d)
            self._heads = heads
        return heads.get(head, [])

    # ---------------------------------------------------------------- cached posting lists
    def _cached(self, ck):
        with self._lock:
            got = self._postings.get(ck)
            if got is not None:
                self._postings.move_to_end(ck)
            return got

    def _keep(self, ck, value, size: int):
        with self._lock:
            if ck in self._postings:
                return
            self._postings[ck] = (value, size)
            self._held += size
            while self._held > POSTINGS_BUDGET and len(self._postings) > 1:
                _k, (_v, s) = self._postings.popitem(last=False)
                self._held -= s

    def postings(self, fieldname: str, text: str) -> frozenset:
        ck = (fieldname, text)
        got = self._cached(ck)
        if got is not None:
            return got[0]
        if fieldname == "grams":
            got = frozenset(self.post.read(GRAMS, text)[0])
        else:
            ids, _w = _read_postings(self.reader, fieldname, text, weights=False)
            got = frozenset(ids) & self.live if self.deletions else frozenset(ids)
        self._keep(ck, got, len(got) + 1)
        return got

    def doc_frequency(self, fieldname: str, text: str) -> int:
        if fieldname == "grams":
            got = self._gdf.get(text)
            if got is None:
                if len(self._gdf) > 50_000:
                    self._gdf.clear()
                got = self._gdf[text] = self.post.frequency(GRAMS, text)
            return got
        return self.reader.doc_frequency(fieldname, text)

    def known_word(self, word: str) -> bool:
        got = self._known.get(word)
        if got is None:
            got = self.post.frequency(WORDS, word)
            if len(self._known) > 50_000:
                self._known.clear()
            self._known[word] = got
        return got > 0

    def prefetch_words(self, words: list[str]) -> None:
        """Document frequencies of candidate ranking words, in one query (see analysis.segment)."""
        missing = [w for w in words if w not in self._known]
        if missing:
            if len(self._known) > 50_000:
                self._known.clear()
                missing = list(words)
            self._known.update(self.post.frequencies(WORDS, missing))

    def known_words(self, words: list[str]) -> set[str]:
        """Which of `words` are indexed ranking words (one query for those not asked before)."""
        self.prefetch_words(words)
        known = self._known
        return {w for w in words if known.get(w)}

    def word_frequency(self, word: str) -> int:
        self.known_word(word)
        return self._known[word]

    def _intersect(self, fieldname: str, term: str) -> set[int] | None:
        grams = candidate_grams(term) if fieldname == "grams" else query_bigrams(term)
        if fieldname == "grams":
            missing = [g for g in grams if g not in self._gdf]
            if len(missing) > 1:
                if len(self._gdf) > 50_000:
                    self._gdf.clear()
                self._gdf.update(self.post.frequencies(GRAMS, missing))
        grams = sorted(grams, key=lambda g: self.doc_frequency(fieldname, g))
        if not grams:
            return None
        result: set[int] | None = None
        for gram in grams:
            p = self.postings(fieldname, gram)
            result = set(p) if result is None else result & p
            if len(result) <= 4:  # checking a few texts is cheaper than more posting lists
                break
        return result or set()

    def candidates(self, term: str) -> set[int]:
        """Documents that may contain `term` (a superset: the caller checks the text). A term
        with no indexable bigram (one character) makes every document a candidate."""
        got = self._intersect("grams", term)
        return set(self.docs) if got is None else got

    def title_candidates(self, term: str) -> set[int] | None:
        """Documents whose title may contain `term` (None: any, for a one-character term)."""
        return self._intersect("tgrams", term)

    def word_weights(self, word: str) -> tuple[dict[int, float], list[int]]:
        """docnum -> tf of an indexed ranking word, and its documents by (tf, date, key) descending."""
        ck = ("words", word)
        got = self._cached(ck)
        if got is not None:
            return got[0]
        ids, weights, in_order = self.post.read(WORDS, word, weights=True)
        docs = self.docs
        tf = dict(zip(ids, weights, strict=False))
        ranked = ids if in_order else sorted(tf, key=lambda d: (-tf[d], -docs[d].day, docs[d].key))
        self._keep(ck, (tf, ranked), 2 * len(tf) + 1)
        return tf, ranked


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
            ids.extend(m._ids if not offset else [d + offset for d in m._ids])
            if weights:
                if m._weights is None:
                    m._read_weights()
                ws.extend(m._weights)
            m._next_block()
    return ids, ws
