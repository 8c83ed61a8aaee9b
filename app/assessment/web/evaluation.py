"""The month's evaluation record of GB/T 32169.4-2015 (plan, material, indicators, summary)."""

from flask import render_template

from ...auth.permissions import permission_required
from ..logic import workflow as wf
from ..queries import months as q
from ..queries.evaluation import month_evaluation


@permission_required("assessment.view")
def evaluation(year, month):
    return render_template("assessment/evaluation.html", e=month_evaluation(q.month_or_404(year, month)), wf=wf)
