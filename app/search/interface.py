"""The engine-neutral search interface: what the rest of HallMark sees. A cluster engine
replaces WhooshBackend by implementing SearchBackend (see README.md)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Protocol


@dataclass
class SearchDoc:
    """What the index knows about one searchable item. `key` is "<source>:<id>"."""

    key: str
    kind: str
    title: str
    number: str = ""
    body: str = ""
    status: str = ""
    category: str = ""
    authority: str = ""
    date: date | None = None
    restricted: bool = False  # only for roles allowed documents.view_drafts
    # An approved version is public from its effective date on, without any database change on
    # that day: when set, this date alone decides whether readers without documents.view_drafts
    # see it (restricted or not at indexing time).
    public_from: date | None = None
    # The center the item belongs to (None: no center, seen only by unscoped searches) and whether
    # it is handed down: in force, and found, in every center below its own (a city rule).
    center_id: int | None = None
    handed_down: bool = False

    def visible_on(self, today: date) -> bool:
        return self.public_from <= today if self.public_from is not None else not self.restricted

    @property
    def stamp(self) -> str:
        h = hashlib.blake2b(digest_size=8)
        for part in (
            self.title,
            self.number,
            self.body,
            self.status,
            self.category,
            self.authority,
            str(self.date),
            str(self.restricted),
            self.kind,
            str(self.public_from),
            str(self.center_id),
            str(self.handed_down),
        ):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(frozen=True)
class CenterScope:
    """The centers whose items a reader finds (decided by the permission module): every item of
    `own`, and the handed-down items of `above` (the centers above the reader's). A search given
    no scope (CLI, benches) finds every center's items."""

    own: frozenset = frozenset()
    above: frozenset = frozenset()

    def admits(self, center_id: int | None, handed_down: bool) -> bool:
        return center_id in self.own or (handed_down and center_id in self.above)


@dataclass(slots=True)
class Hit:
    key: str
    score: float
    title_match: bool


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    terms: list[str] = field(default_factory=list)
    # False when a top-k page stopped checking candidates early: `total` is then an estimate
    # (the page says 约); the hits themselves are always exact
    total_exact: bool = True


class SearchBackend(Protocol):
    """What the rest of HallMark calls. A cluster engine (OpenSearch, Elasticsearch...) can
    implement these five methods; see README.md."""

    def index(self, docs: Iterable[SearchDoc]) -> None: ...
    def update(self, docs: Iterable[SearchDoc], removed: Iterable[str] = ()) -> None: ...
    def remove(self, keys: Iterable[str]) -> None: ...
    def search(
        self,
        query: str,
        filters: dict | None = None,
        sort: str = "relevance",
        page: int = 1,
        per_page: int | None = 20,
        include_restricted: bool = False,
        centers: CenterScope | None = None,
    ) -> SearchResult: ...
    def clear(self) -> None: ...
    def keys(self) -> dict[str, str]: ...
    def rebuild(self, docs: Iterable[SearchDoc] | None = None, progress=None) -> int: ...
