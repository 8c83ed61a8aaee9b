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
    figures = queries.dashboard(today)
    cards = objective_cards(today.year)
    return render_template("quality/dashboard.html", v=vocab, today=today, year=today.year, cards=cards, **figures)
