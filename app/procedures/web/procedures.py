"""The ISO 9001 document system by level, with the clause each document covers and its review due date."""

from flask import render_template

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ...documents.queries import review_states, versions_in_force
from ...documents.services.signatures import failing_versions
from ..logic.iso import LEVELS, clause_labels


@permission_required("documents.view")
def index():
    today = local_today()
    by_kind: dict[str, list] = {kind: [] for kind, _, _ in LEVELS}
    versions = [v for v in versions_in_force(today) if v.document.kind in by_kind]
    states = review_states(versions, today)  # batched: latest reviews count as a restart of the cycle
    for v in versions:
        by_kind[v.document.kind].append((v, clause_labels(v.document.iso_clause), states[v.document_id].due))
    levels = [(label, tier, by_kind[kind]) for kind, label, tier in LEVELS]
    return render_template(
        "procedures/index.html",
        levels=levels,
        today=today,
        failing_signatures={c.version.id for c in failing_versions()},
    )
