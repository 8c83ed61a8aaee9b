"""质量看板: open nonconformities by age and source, overdue steps, objectives, audit coverage."""

from flask import render_template

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from .. import queries
from ..logic import vocab
from .common import objective_cards


@permission_required("quality.view")
def index():
    today = local_today()
    bands, by_source = queries.open_by_age_and_source(today)
    prog = queries.programme_of(today.year)
    return render_template(
        "quality/dashboard.html",
        v=vocab,
        bands=bands,
        by_source=by_source,
        overdue=queries.overdue_steps(today),
        states=queries.state_counts(),
        proposals=len(queries.pending_proposals()),
        today=today,
        year=today.year,
        cards=objective_cards(today.year),
        coverage=queries.programme_coverage(prog) if prog else None,
        coverage_year=today.year,
        windows=queries.window_labels(),
        departments=queries.departments(),
        late_actions=[a for a in queries.open_review_actions() if a.due_on and a.due_on < today],
    )
