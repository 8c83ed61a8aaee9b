"""The scoring schemes of rule SF-ZD-017: the list, one scheme, and editing a draft's scheme."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...documents.logic.lifecycle import STATUS_BADGES, STATUS_LABELS
from ...documents.services import status_of_version
from ...flashing import refusals_flashed
from ..logic import schemes as sch
from ..models import SCHEME_SOURCE_LABELS
from ..queries import scheme_versions as versions
from ..services import scheme_versions
from .common import REFUSALS, local_today
from .forms import SchemeForm


@permission_required("assessment.view")
def schemes_index():
    return render_template("assessment/schemes.html", **_index_values())


def _index_values() -> dict:
    return dict(
        history=versions.history(),
        drafts=versions.drafts(),
        in_force=versions.scheme_version_in_force(local_today()),
        rule_number=sch.RULE_NUMBER,
        status_labels=STATUS_LABELS,
        status_badges=STATUS_BADGES,
        shown_status=status_of_version,
        choice=versions.scheme_choice(),  # its own scheme or the center above's (issue 13 item 2)
    )


@permission_required("assessment.scheme_source")
def scheme_source():
    """Whose scheme this center's months use: its own or the center above's (issue 13 item 2)."""
    with refusals_flashed(REFUSALS):
        chosen = scheme_versions.choose_scheme_source(
            current_user, request.form.get("source", ""), request.form.get("row_version")
        )
        flash(f"已保存：本中心此后开启的月份使用{SCHEME_SOURCE_LABELS[chosen.scheme_source]}。", "success")
    return redirect(url_for(".schemes_index"))


@permission_required("assessment.view")
def scheme_show(sv_id):
    sv = versions.readable_scheme_version(sv_id)
    if sv is None:
        abort(404)
    return render_template("assessment/scheme_show.html", sv=sv, s=sv.scheme, units=sch.UNITS, sources=sch.SOURCES)


@permission_required("assessment.scheme_edit")
def scheme_edit(dv_id):
    """Edit the scheme of a draft of SF-ZD-017: the numbers in a form, or the whole scheme as JSON.
    The form carries the version of the scheme it was loaded with ("" while the draft has none)."""
    dv, base = versions.version_of_rule_or_404(dv_id)
    form = SchemeForm()
    if request.method == "GET":
        form.load(base, versions.for_document_version(dv.id))
        return _scheme_edit_page(dv, form, base, SchemeForm.shown_values(base))
    with refusals_flashed(REFUSALS):
        scheme_versions.save_draft_scheme(current_user, dv, form.posted_text(base), request.form.get("row_version"))
        flash(f"已保存 {dv.document.number} {dv.revision} 草稿的考核方案；随该版本审核、批准后生效。", "success")
        return redirect(url_for(".schemes_index"))
    return _scheme_edit_page(dv, form, base, SchemeForm.shown_values(base, request.form), 400)


def _scheme_edit_page(dv, form, base, values, status=200):
    return render_template(
        "assessment/scheme_edit.html",
        dv=dv,
        sv=versions.for_document_version(dv.id),
        form=form,
        s=base,
        v=values,
        units=sch.UNITS,
        sources=sch.SOURCES,
        editable=dv.status == "draft",
    ), status
