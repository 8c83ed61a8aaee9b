"""Reading the document system by ISO level: the versions in force, their clauses and review dates."""

from datetime import date

from ..documents.queries import review_states, versions_in_force
from .logic.iso import LEVELS, clause_labels


def levels_on(today: date) -> list[tuple[str, str, list]]:
    """(level label, tier, [(version, clause labels, review due date)]) for each level, on `today`."""
    by_kind: dict[str, list] = {kind: [] for kind, _, _ in LEVELS}
    versions = [v for v in versions_in_force(today) if v.document.kind in by_kind]
    states = review_states(versions, today)  # batched: latest reviews count as a restart of the cycle
    for v in versions:
        by_kind[v.document.kind].append((v, clause_labels(v.document.iso_clause), states[v.document_id].due))
    return [(label, tier, by_kind[kind]) for kind, label, tier in LEVELS]
