"""The ISO 9001 document system by level, with the clause each document covers and its review due date."""

from flask import render_template

from ...auth.permissions import permission_required
from ...core.timeutil import local_today
from ...documents.services.signatures import failing_versions
from ..queries import levels_on


@permission_required("documents.view")
def index():
    today = local_today()
    failing = {c.version.id for c in failing_versions()}
    return render_template("procedures/index.html", levels=levels_on(today), today=today, failing_signatures=failing)
