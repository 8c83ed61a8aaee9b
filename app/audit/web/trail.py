"""The audit trail page and its Excel export, in words: people by name, objects by what they are."""

from flask import current_app, flash, render_template, request
from flask_login import current_user

from ...core.timeutil import local_today
from ...downloads import download
from ...kernel import permission_required
from .. import labels
from ..queries import entries_page, parse_filters, people_in_trail
from ..services import export_trail


def _people() -> list[tuple[int, str]]:
    people = people_in_trail()
    names = labels.describe_objects(("user", uid) for uid, _ in people)
    return sorted(((uid, names.get(("user", str(uid)), login)) for uid, login in people), key=lambda p: p[1])


@permission_required("audit.view")
def index():
    filters, problems = parse_filters(request.args)
    for problem in problems:
        flash(problem, "danger")
    used = {k: v for k, v in filters.items() if not k.startswith("date_")} if problems else filters
    page = entries_page(used, per_page=current_app.config["PER_PAGE"] * 2)
    names = labels.describe_entries(page.items)
    return render_template("audit/index.html", page=page, filters=filters, names=names, **_choices())


def _choices() -> dict:
    """The filter form's choices: people in the trail by name, actions, object types."""
    return {"people": _people(), "action_labels": labels.ACTIONS, "object_choices": labels.object_choices()}


@permission_required("audit.view")
def export():
    filters, problems = parse_filters(request.args)
    if problems:
        for problem in problems:
            flash(problem, "danger")
        return index()
    return download(export_trail(current_user, filters), f"审计追踪_{local_today():%Y%m%d}.xlsx")
