"""The assessment room's part of the app beyond its routes: the words of its audit-trail entries,
the template global for the documents pages (a draft of rule SF-ZD-017 without a scheme of its
own keeps the earlier version's scheme once it takes effect; the version and signing pages say
so, so a change of points is not forgotten) and the filters its templates use."""

from flask import url_for
from flask_login import current_user
from markupsafe import Markup

from ..auth.permissions import can
from ..documents.models import DRAFT, IN_REVIEW
from .audit_labels import register_labels
from .logic import schemes as sch
from .logic.ordering import by_window_number
from .queries.scheme_versions import for_document_version


def scheme_warning(version) -> Markup:
    doc = getattr(version, "document", None)
    if doc is None or doc.number != sch.RULE_NUMBER or version.status not in (DRAFT, IN_REVIEW):
        return Markup("")
    if for_document_version(version.id) is not None:
        return Markup("")
    text = (
        "本版本没有单独的考核方案：生效后继续沿用此前版本的考核方案。"
        f"如本次修订调整了考核分值、红旗名额等，请为草稿编辑考核方案（{sch.RULE_NUMBER}）。"
    )
    link = ""
    if version.status == DRAFT and can(current_user, "assessment.scheme_edit"):
        link = Markup(' <a href="{}">编辑考核方案</a>').format(url_for("assessment.scheme_edit", dv_id=version.id))
    return Markup('<div class="flash flash-warning" role="alert">{}{}</div>').format(text, link)


def points(value) -> str:
    """3.0 → "3", None → "" (the `pts` filter)."""
    return "" if value is None else f"{float(value):g}"


def init_app(app) -> None:
    register_labels()
    app.jinja_env.globals["assessment_scheme_warning"] = scheme_warning
    app.jinja_env.filters["by_window_number"] = by_window_number
    app.jinja_env.filters["pts"] = points
