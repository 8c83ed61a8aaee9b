"""电子监察: open cases with a yellow or red light, by window."""

from flask import render_template, request

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ..queries.cases import lights_board
from .common import CLOCK


@permission_required("records.view")
def lights():
    """电子监察: open cases with a yellow or red light, by window."""
    today, wid = local_today(), request.args.get("window", type=int)
    page, summary = lights_board(today, wid, request.args.get("light"))
    return render_template("records/lights.html", page=page, summary=summary, today=today, window_id=wid, **CLOCK)
