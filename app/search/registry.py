"""The rooms' searchable objects beyond the controlled documents, handed to the search room at
set-up: a room registers a `Source` from its wiring.py (see app/govdocs/search_source.py), so the
search room never imports the rooms it indexes and they do not import each other in a circle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Shown:
    """What the result list shows of one row (the search room marks the terms and cuts snippets)."""

    kind: str
    status: str
    body: str
    number: str
    title: str
    date: Any
    url: str


@dataclass(frozen=True)
class Source:
    prefix: str  # index keys are "<prefix>:<row id>"
    model: type  # the ORM class: its changed rows are re-indexed after the commit
    kinds: tuple[tuple[str, str], ...]  # (kind code, label) offered in the kind filter
    to_doc: Callable[[Any], Any]  # row -> app.search.interface.SearchDoc, or None when not indexed
    visible: Callable[[Any, Any], bool]  # (user, row) -> may this reader see the row now
    shown: Callable[[Any, str | None], Shown]  # (row, query to mark on the opened page) -> Shown
    suggestions: Callable[[], dict[str, set[str]]]  # {"category": {...}, "authority": {...}} in use


SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    """Called once per room at set-up; registering the same prefix again replaces it."""
    SOURCES[source.prefix] = source


def source_of(obj) -> Source | None:
    """The registered source whose model `obj` is an instance of."""
    return next((s for s in SOURCES.values() if isinstance(obj, s.model)), None)
