"""The search engine inside PostgreSQL: the same exact design as the Whoosh one, with nothing on a
local disk, so any number of app servers share it and PostgreSQL's replication carries it.

One row per searchable item in `search_documents`: the normalized text, its distinct character
bigrams as a `text[]` under a GIN index (candidates), and the jieba words of the title and the
first WORDS_HEAD characters as a `text[]` (ranking only). A query term narrows by `grams @> its
bigrams` and is then checked literally with `strpos(text, term) > 0`, so recall and precision are
exact for terms of any length (a one-character term is the literal check alone). Ranking as in
engine.py: every term in the title, then an exact title, then a BM25-like score on words, then
the date.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Callable, Iterable

from sqlalchemy import bindparam, delete, func, insert, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import Integer, Text

from .analysis import (
    WORDS_HEAD,
    ParsedQuery,
    bigrams,
    normalize,
    parse_query,
    query_bigrams,
    segment,
    word_candidates,
    words,
)
from .interface import Hit, SearchDoc, SearchResult
from .models import search_documents

_TEXT_ARRAY = ARRAY(Text)
_INT_ARRAY = ARRAY(Integer)
_BATCH = 200


def row_of(doc: SearchDoc) -> dict:
    """The stored form of one SearchDoc."""
    norm = normalize(f"{doc.title} {doc.number} {doc.body}")
    title = normalize(f"{doc.title} {doc.number}")
    return {
        "key": doc.key,
        "kind": doc.kind,
        "stamp": doc.stamp,
        "title_norm": title,
        "head": normalize(doc.title),
        "text": norm,
        "grams": sorted(bigrams(norm)),
        "words": words(norm[: len(title) + WORDS_HEAD]),
        "status": doc.status or "",
        "category": doc.category or "",
        "authority": doc.authority or "",
        "number": doc.number or "",
        "doc_date": doc.date,
        "restricted": bool(doc.restricted),
        "public_from": doc.public_from,
        "center_id": doc.center_id,
        "handed_down": bool(doc.handed_down),
    }


class PostgresBackend:
    """SearchBackend on the application's PostgreSQL database (see interface.SearchBackend)."""

    def __init__(self, engine, load_all: Callable[[], Iterable[SearchDoc]], today: Callable[[], date] = date.today):
        self.engine = engine
        self._load_all = load_all
        self._today = today

    # ------------------------------------------------------------ writing
    def _write(self, conn, docs: Iterable[SearchDoc], progress=None) -> int:
        count, batch = 0, []
        for doc in docs:
            batch.append(row_of(doc))
            if progress:
                progress(1)
            if len(batch) >= _BATCH:
                conn.execute(insert(search_documents), batch)
                count, batch = count + len(batch), []
        if batch:
            conn.execute(insert(search_documents), batch)
            count += len(batch)
        return count

    def index(self, docs: Iterable[SearchDoc]) -> None:
        self.update(docs)

    def update(self, docs: Iterable[SearchDoc], removed: Iterable[str] = ()) -> None:
        """Index `docs` (replacing their rows) and drop `removed`, in one transaction."""
        docs = list(docs)
        keys = [d.key for d in docs] + list(removed)
        if not keys:
            return
        with self.engine.begin() as conn:
            conn.execute(delete(search_documents).where(search_documents.c.key.in_(keys)))
            self._write(conn, docs)

    def remove(self, keys: Iterable[str]) -> None:
        self.update([], keys)

    def clear(self) -> None:
        self.rebuild(docs=[])

    def rebuild(self, docs: Iterable[SearchDoc] | None = None, progress=None, procs: int = 1) -> int:
        """Replace everything in one transaction: searchers see the old rows until the commit."""
        with self.engine.begin() as conn:
            conn.execute(delete(search_documents))
            n = self._write(conn, self._load_all() if docs is None else docs, progress=progress)
        with self.engine.connect() as conn:  # fresh statistics, so the planner uses the GIN index
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE search_documents"))
        return n

    def keys(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return dict(conn.execute(select(search_documents.c.key, search_documents.c.stamp)).all())

    def forget(self, keys) -> None:
        """Nothing is cached per process: the database is read on every search."""

    def warm(self) -> None:
        """Nothing to load: ranking cuts query terms with the table's own words, not jieba."""

    # ------------------------------------------------------------ searching
    def search(
        self, query, filters=None, sort="relevance", page=1, per_page=20, include_restricted=False, centers=None
    ):
        """`centers` (a CenterScope): only the items of those centers (None: every center's)."""
        pq: ParsedQuery = parse_query(query) if isinstance(query, str) else query
        filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
        if not pq and not filters:
            return SearchResult(0, [], [])
        params: dict = {}
        conditions = []

        def bind(value, type_=None) -> str:
            name = f"p{len(params)}"
            params[name] = value
            if type_ is not None:
                binds.append(bindparam(name, type_=type_))
            return f":{name}"

        binds: list = []

        def term_condition(term: str) -> str:
            grams = sorted(query_bigrams(term))
            literal = f"strpos(text, {bind(term)}) > 0"
            return f"(grams @> {bind(grams, _TEXT_ARRAY)} AND {literal})" if grams else f"({literal})"

        for group in pq.groups:
            conditions.append("(" + " OR ".join(term_condition(t) for t in group) + ")")
        for term in pq.excluded:
            conditions.append(f"strpos(text, {bind(term)}) = 0")
        if not include_restricted:
            # SearchDoc.visible_on: the effective date decides when there is one
            conditions.append(
                f"(CASE WHEN public_from IS NULL THEN NOT restricted ELSE public_from <= {bind(self._today())} END)"
            )
        if centers is not None:
            own = bind(sorted(int(c) for c in centers.own), _INT_ARRAY)
            above = bind(sorted(int(c) for c in centers.above), _INT_ARRAY)
            conditions.append(f"(center_id = ANY({own}) OR (handed_down AND center_id = ANY({above})))")
        for name, value in filters.items():
            if name == "year":
                try:
                    year = int(value)
                except (TypeError, ValueError):
                    return SearchResult(0, [], pq.terms)
                conditions.append(f"doc_date >= {bind(date(year, 1, 1))} AND doc_date <= {bind(date(year, 12, 31))}")
            elif name in ("category", "authority"):  # typed by hand: a part of the name is enough
                conditions.append(f"strpos({name}, {bind(str(value).strip())}) > 0")
            elif name in ("kind", "status", "number"):
                conditions.append(f"{name} = {bind(str(value))}")
            else:
                return SearchResult(0, [], pq.terms)
        terms = pq.terms
        tier_sum = " + ".join(f"(strpos(title_norm, {bind(t)}) > 0)::int" for t in terms) or "0"
        exact = f"(head = ANY({bind(terms, _TEXT_ARRAY)}))::int" if terms else "0"
        score_parts = []
        for idf, word in self._word_idfs(terms):
            tf = f"coalesce(cardinality(array_positions(words, {bind(word)})), 0)"
            score_parts.append(f"{bind(idf)} * {tf} / ({tf} + 1.5)")
        score = " + ".join(score_parts) or "0"
        n = len(terms)
        inner = (
            f"SELECT key, doc_date, CASE WHEN {n} > 0 AND ({tier_sum}) = {n} THEN 2 WHEN ({tier_sum}) > 0 THEN 1 ELSE 0 END AS tier, "
            f"{exact} AS ex, ({score})::float AS score FROM search_documents"
            + (" WHERE " + " AND ".join(conditions) if conditions else "")
        )
        order = (
            "doc_date DESC NULLS LAST, tier DESC, score DESC"
            if sort == "date"
            else "tier DESC, ex DESC, score DESC, doc_date DESC NULLS LAST"
        )
        sql = f"SELECT key, tier, ex, score, count(*) OVER () AS total FROM ({inner}) AS hits ORDER BY {order}, key"
        if per_page is not None:
            sql += f" LIMIT {int(per_page)} OFFSET {max(int(page) - 1, 0) * int(per_page)}"
        statement = text(sql).bindparams(*binds) if binds else text(sql)
        with self.engine.connect() as conn:
            rows = conn.execute(statement, params).all()
            total = rows[0].total if rows else self._count(conn, inner, statement, params, page)
        hits = [Hit(r.key, r.tier * 1000 + r.ex * 100 + r.score, r.tier > 0) for r in rows]
        return SearchResult(total, hits, terms)

    def _count(self, conn, inner, statement, params, page) -> int:
        """A page past the end still says how many hits there are."""
        if page <= 1:
            return 0
        count_sql = text(f"SELECT count(*) FROM ({inner}) AS hits")
        binds = [b for b in statement._bindparams.values() if b.key in params]
        return conn.execute(count_sql.bindparams(*binds) if binds else count_sql, params).scalar_one()

    def _word_idfs(self, terms) -> list[tuple[float, str]]:
        """(idf, word) for the query's ranking words, cut as engine.py cuts them (`segment` over
        the words the table holds): a whole word outranks a chance substring."""
        distinct = list(dict.fromkeys(t for t in terms if len(t) >= 2))
        subs = sorted({w for t in distinct for w in word_candidates(t)})
        if not subs:
            return []
        with self.engine.connect() as conn:
            n = conn.execute(select(func.count()).select_from(search_documents)).scalar_one()
            df = dict(
                conn.execute(
                    text(
                        "SELECT w, (SELECT count(*) FROM search_documents WHERE words @> ARRAY[w]) FROM unnest(:subs) AS w"
                    ).bindparams(bindparam("subs", type_=_TEXT_ARRAY)),
                    {"subs": subs},
                ).all()
            )
        out = []
        for t in distinct:
            for w in segment(t, lambda w: df.get(w, 0) > 0):
                out.append((math.log(1 + n / max(df[w], 1)), w))
        return out
