"""Template global for the documents pages: a draft or version in review of rule SF-ZD-017 that
carries no scoring scheme would, once approved and in force, leave the months after it without a
scheme (no month could be opened). The version and signing pages warn about it in time."""
from flask import url_for
from flask_login import current_user
from markupsafe import Markup

from ..auth.permissions import can
from ..documents.models import DRAFT, IN_REVIEW
from . import scheme as sch
from . import schemes
from .awards import natural_key


def scheme_warning(version) -> Markup:
    doc = getattr(version, "document", None)
    if doc is None or doc.number != sch.RULE_NUMBER or version.status not in (DRAFT, IN_REVIEW):
        return Markup("")
    if schemes.for_document_version(version.id) is not None:
        return Markup("")
    text = (f"本版本尚未挂考核方案：批准并生效后，自生效次月起将无法开启月度考核。"
            f"请先为草稿编辑考核方案（{sch.RULE_NUMBER} 的考核分值、红旗名额等）。")
    link = ""
    if version.status == DRAFT and can(current_user, "assessment.scheme_edit"):
        link = Markup(' <a href="{}">编辑考核方案</a>').format(url_for("assessment.scheme_edit", dv_id=version.id))
    return Markup('<div class="flash flash-warning" role="alert">{}{}</div>').format(text, link)


def by_window_number(items, attribute: str = "window_name") -> list:
    return sorted(items, key=lambda item: natural_key(getattr(item, attribute)))


def init_app(app) -> None:
    app.jinja_env.globals["assessment_scheme_warning"] = scheme_warning
    app.jinja_env.filters["by_window_number"] = by_window_number
