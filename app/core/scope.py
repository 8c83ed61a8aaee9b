"""The center a statement acts in and the centers it sees, as app/core needs them (kept values
keyed by the centers seen, number sequences per center). The centers room hands its functions in
at set-up (`app/centers/wiring.py`), so app/core imports no room."""

from __future__ import annotations

from typing import Callable, Iterable

_scope_ids: Callable[[], Iterable[int] | None] = lambda: None  # noqa: E731  (before set-up: no centers)
_current_center_id: Callable[[], int | None] = lambda: None  # noqa: E731


def use(scope_ids: Callable[[], Iterable[int] | None], current_center_id: Callable[[], int]) -> None:
    global _scope_ids, _current_center_id
    _scope_ids, _current_center_id = scope_ids, current_center_id


def centers_seen() -> tuple[int, ...]:
    """The centers the statements of the moment see (none while the scope itself is resolved)."""
    return tuple(_scope_ids() or ())


def current_center_id() -> int | None:
    return _current_center_id()
