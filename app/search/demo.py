"""Demo data for search: nothing of its own; it rebuilds the index over everything the domains
before it (documents, rules, procedures, records, assessment, govdocs) have loaded."""

from .backend import get_backend


def load() -> None:
    get_backend().rebuild()
