"""Values that change rarely, kept between requests and thrown away when their data changes (issue 17).

A room names a *topic* and the models it covers (`watch("documents", Document, DocumentVersion)`);
a page keeps a value under that topic with `cached(topics, key, compute)`. When a session commits a
change to a watched model (ORM flush, or an ORM-enabled bulk insert / update / delete), the topic's
generation moves on and every value kept under it is recomputed at its next use:
- in this worker at once (the values are dropped from memory after the commit);
- in the other workers and servers too: each topic has a stamp that moves at every change, and a
  worker compares it with the one its values were computed under. On PostgreSQL (several servers)
  the stamps are rows of cache_stamps, read in one SELECT when a request starts; on SQLite (one
  machine) they are files under CACHE_STAMP_DIR (instance/cache), one stat() per use.
Nothing expires by time alone and the database stays the truth: a value is only ever a copy of
what the database said under the current generation. The stamps a request uses are read when the
request starts (before its first query), so a value computed from an older snapshot of the database
is always filed under the older stamp and recomputed once the change's stamp is seen. A change made outside the app (raw SQL in a
shell) is not seen until `flask cache clear` (or a restart, or any change through the app).

`per_request(key, compute)` memoises within one request (flask.g), for reads that several parts
of one page share.
"""

from __future__ import annotations

import os
import threading
import uuid
from typing import Callable, Iterable

from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..extensions import db
from . import scope

_MODEL_TOPICS: dict[type, set[str]] = {}
_ROW_TOPICS: dict[type, list[Callable[[object], set[str]]]] = {}  # topics named by the changed row itself
_BULK_TOPICS: dict[type, set[str]] = {}  # moved on by bulk statements on the model (rows unknown)
_LOG = "_log"  # one byte appended per change: its size says whether any stamp moved
MISSING = object()
_PENDING = "hallmark_cache_topics"
_registered = False
_lock = threading.Lock()


def watch(topic: str, *models: type) -> None:
    """Changes to `models` move `topic` on (a model may feed several topics)."""
    _register_session_events()
    for model in models:
        _MODEL_TOPICS.setdefault(model, set()).add(topic)


def watch_rows(model: type, topics_of: Callable[[object], set[str]], bulk_topic: str) -> None:
    """Topics named by each changed row of `model` (e.g. the months of a case's dates, so that a
    case of this month leaves last year's totals kept); a bulk statement on the model, which names
    no rows, moves `bulk_topic` on (values kept under row topics must depend on it too)."""
    _register_session_events()
    _ROW_TOPICS.setdefault(model, []).append(topics_of)
    _BULK_TOPICS.setdefault(model, set()).add(bulk_topic)


def watch_module(topic: str, module, rows: dict[str, Callable[[object], bool] | None] | None = None) -> None:
    """Every mapped class defined in `module` (a room's models.py) feeds `topic`, except the classes
    named in `rows`: {class name: moves(row)} moves `topic` only for the changed rows where moves(row)
    is true (a bulk statement on the class, which names no rows, still moves it); {class name: None}
    leaves the class out (nothing kept under `topic` reads it)."""
    rows = rows or {}
    classes = [
        obj
        for obj in vars(module).values()
        if isinstance(obj, type) and hasattr(obj, "__mapper__") and obj.__module__ == module.__name__
    ]
    watch(topic, *[cls for cls in classes if cls.__name__ not in rows])
    for cls in classes:
        moves = rows.get(cls.__name__)
        if moves is not None:
            watch_rows(cls, lambda row, moves=moves: {topic} if moves(row) else set(), topic)


class _Store:
    """One app's kept values: {topic: (stamp, {key: value})}, and the stamp files' folder."""

    def __init__(self, folder: str):
        self.folder = folder
        self.values: dict[str, tuple[tuple, dict]] = {}
        self.scanned: tuple[int, dict] = (-1, {})  # (log size, {topic: stamp}) of the last scan
        os.makedirs(folder, exist_ok=True)

    def path(self, topic: str) -> str:
        return os.path.join(self.folder, topic)

    def stamp(self, topic: str) -> tuple:
        try:
            st = os.stat(self.path(topic))
        except FileNotFoundError:
            return (0, 0)
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def snapshot(self) -> dict:
        """{topic: stamp} of every stamp file: one stat() while nothing changed, else a scan."""
        try:
            size = os.stat(self.path(_LOG)).st_size
        except FileNotFoundError:
            size = 0
        if size != self.scanned[0]:
            stamps = {}
            for entry in os.scandir(self.folder):
                if not entry.name.startswith("_"):
                    try:
                        st = entry.stat()
                    except FileNotFoundError:
                        continue
                    stamps[entry.name] = (st.st_ino, st.st_mtime_ns, st.st_size)
            self.scanned = (size, stamps)  # the size was read first: a change during the scan rescans
        return self.scanned[1]

    def bump(self, topic: str) -> None:
        self.values.pop(topic, None)
        tmp = os.path.join(self.folder, "_tmp-" + uuid.uuid4().hex)
        with open(tmp, "w", encoding="ascii") as f:
            f.write(uuid.uuid4().hex)
        os.replace(tmp, self.path(topic))  # a new inode: every worker sees a new stamp
        with open(self.path(_LOG), "ab") as f:  # O_APPEND: atomic between processes
            f.write(b".")

    def topic_values(self, topic: str) -> dict:
        stamp = _request_stamp(self, topic)
        kept = self.values.get(topic)
        if kept is None or kept[0] != stamp:
            kept = self.values[topic] = (stamp, {})
        return kept[1]


class _DatabaseStore(_Store):
    """Stamps in the table cache_stamps, for several app servers on one database (CACHE_STAMPS=
    database, the default on PostgreSQL): one small SELECT when a request starts, one UPDATE per
    changed topic after a commit, each on a connection of its own (never the request's transaction)."""

    def __init__(self, app):
        self.app = app
        self.values = {}

    def _engine(self):
        return self.app.extensions["sqlalchemy"].engine

    def stamp(self, topic: str) -> tuple:
        with self._engine().connect() as conn:
            generation = conn.execute(
                text("SELECT generation FROM cache_stamps WHERE topic = :t"), {"t": topic}
            ).scalar()
        return (generation or 0, 0)  # the shape of a file's stamp; (0, 0): never changed

    def snapshot(self) -> dict:
        """{topic: stamp} of every topic that ever changed, in one SELECT."""
        with self._engine().connect() as conn:
            return {
                topic: (generation, 0)
                for topic, generation in conn.execute(text("SELECT topic, generation FROM cache_stamps"))
            }

    def _move(self, topic: str) -> int:
        with self._engine().begin() as conn:
            return conn.execute(
                text("UPDATE cache_stamps SET generation = generation + 1 WHERE topic = :t"), {"t": topic}
            ).rowcount

    def bump(self, topic: str) -> None:
        self.values.pop(topic, None)
        if self._move(topic):
            return
        try:
            with self._engine().begin() as conn:
                conn.execute(text("INSERT INTO cache_stamps (topic, generation) VALUES (:t, 1)"), {"t": topic})
        except IntegrityError:  # another server inserted it first: move it on once more
            self._move(topic)


def stamps_kind(config) -> str:
    """'database' or 'files' (CACHE_STAMPS); by default the database on PostgreSQL, where several
    servers may share it, and files under the instance folder on SQLite (one machine)."""
    chosen = (config.get("CACHE_STAMPS") or "").strip().lower()
    if chosen in ("database", "files"):
        return chosen
    return "files" if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite") else "database"


def _store(app=None) -> _Store:
    app = app or current_app._get_current_object()
    store = app.extensions.get("hallmark_cache")
    if store is None:
        with _lock:
            store = app.extensions.get("hallmark_cache")
            if store is None:
                if stamps_kind(app.config) == "database":
                    store = _DatabaseStore(app)
                else:
                    folder = app.config.get("CACHE_STAMP_DIR") or os.path.join(app.instance_path, "cache")
                    store = _Store(folder)
                app.extensions["hallmark_cache"] = store
    return store


def cached(topics: str | Iterable[str], key, compute: Callable[[], object]):
    """The value kept for `key` under `topics` (all of them must be unchanged), else compute() kept.
    The caller must not change the value it gets (it is shared by the worker's later requests).
    In a transaction that has flushed a change to one of `topics`, the value is computed from what
    this transaction sees and neither read from nor put into the store (a rollback may undo it)."""
    names = {topics} if isinstance(topics, str) else set(topics)
    if names & db.session.info.get(_PENDING, set()):
        return compute()
    value = peek(topics, key)
    if value is MISSING:
        value = compute()
        put(topics, key, value)
    return value


def _centers_seen() -> tuple:
    """The centers the statements of the moment see: a value computed for county A is never
    handed to county B, nor to the city's roll-up."""
    return scope.centers_seen()


def _slot(topics, key) -> tuple[dict, tuple]:
    if isinstance(topics, str):
        topics = (topics,)
    store = _store()
    first, *others = tuple(topics)
    return store.topic_values(first), ((key, _centers_seen()), tuple(_request_stamp(store, t) for t in others))


def peek(topics: str | Iterable[str], key):
    """The value kept for `key` under `topics`, or MISSING."""
    values, full_key = _slot(topics, key)
    return values.get(full_key, MISSING)


def put(topics: str | Iterable[str], key, value) -> None:
    """Keep `value` for `key` under `topics` (computed in this request, after its stamps were read)."""
    values, full_key = _slot(topics, key)
    values[full_key] = value


def _request_stamp(store: _Store, topic: str) -> tuple:
    stamps = g.get("_cache_stamps") if has_request_context() else None
    if stamps is None:
        return store.stamp(topic)
    return stamps.get(topic, (0, 0))  # no file when the request started


def init_app(app) -> None:
    """Read every topic's stamp when a request starts (registered before any other hook)."""
    _store(app)

    def snapshot_stamps():
        g._cache_stamps = dict(_store(app).snapshot())
        g._per_request_memo = {}  # g outlives the request when an app context was pushed around it

    app.before_request_funcs.setdefault(None, []).insert(0, snapshot_stamps)


def _all_topics() -> set[str]:
    return {t for ts in (*_MODEL_TOPICS.values(), *_BULK_TOPICS.values()) for t in ts}


def per_request(key, compute: Callable[[], object]):
    """compute() once per request for `key` (outside a request: every time)."""
    if not has_request_context():
        return compute()
    memo = g.setdefault("_per_request_memo", {})
    key = (key, _centers_seen())
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget_request_memo() -> None:
    if has_request_context():
        g.pop("_per_request_memo", None)


def clear(app=None, topics: Iterable[str] | None = None) -> list[str]:
    """Move `topics` (default: every watched topic and every row topic seen) on, in every worker."""
    store = _store(app)
    names = sorted(set(topics) if topics is not None else _all_topics() | set(store.snapshot()))
    for topic in names:
        store.bump(topic)
    return names


# ---------------------------------------------------------------- session events


def _topics_of(obj) -> set[str]:
    for cls in type(obj).__mro__:
        if cls in _MODEL_TOPICS:
            return _MODEL_TOPICS[cls]
    return set()


def _after_flush(session, _context) -> None:
    changed = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        changed |= _topics_of(obj)
        for fn in _ROW_TOPICS.get(type(obj), ()):
            changed |= fn(obj)
    if changed:
        session.info.setdefault(_PENDING, set()).update(changed)
        forget_request_memo()


def _do_orm_execute(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is None:
        return
    changed = set()
    for cls in mapper.class_.__mro__:
        changed |= _MODEL_TOPICS.get(cls, set()) | _BULK_TOPICS.get(cls, set())
    if changed:
        state.session.info.setdefault(_PENDING, set()).update(changed)
        forget_request_memo()


def _after_commit(session) -> None:
    changed = session.info.pop(_PENDING, None)
    if changed and has_app_context():
        store = _store()
        stamps = g.get("_cache_stamps") if has_request_context() else None
        for topic in changed:
            store.bump(topic)
            if stamps is not None:  # what this request computes from now on sees the change
                stamps[topic] = store.stamp(topic)


def _after_rollback(session) -> None:
    session.info.pop(_PENDING, None)
    forget_request_memo()


def _register_session_events() -> None:
    global _registered
    if _registered:
        return
    _registered = True
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _do_orm_execute)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)
