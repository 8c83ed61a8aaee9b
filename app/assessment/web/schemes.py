"""The scoring schemes of rule SF-ZD-017: the list, one scheme, and editing a draft's scheme."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...documents.logic.lifecycle import STATUS_BADGES, STATUS_LABELS
from ...documents.models import DocumentVersion
from ...documents.services import status_of_version
from ...flashing import refusals_flashed
from ..logic import scheme as sch
from ..logic import scheme_form
from ..models import SchemeVersion
from ..queries import months as q
from ..queries import scheme_versions as versions
from ..services import scheme_versions
from .common import REFUSALS, local_today
from .forms import SchemeForm


@permission_required("assessment.view")
def schemes_index():
    return render_template(
        "assessment/schemes.html",
        history=versions.history(),
        drafts=versions.drafts(),
        in_force=versions.scheme_version_in_force(local_today()),
        rule_number=sch.RULE_NUMBER,
        status_labels=STATUS_LABELS,
        status_badges=STATUS_BADGES,
        shown_status=status_of_version,
    )


@permission_required("assessment.view")
def scheme_show(sv_id):
    sv = q.get_or_404(SchemeVersion, sv_id)
    return render_template("assessment/scheme_show.html", sv=sv, s=sv.scheme, units=sch.UNITS, sources=sch.SOURCES)


@permission_required("assessment.scheme_edit")
def scheme_edit(dv_id):
    """Edit the scheme of a draft of SF-ZD-017: the numbers in a form, or the whole scheme as JSON.
    The form carries the version of the scheme it was loaded with ("" while the draft has none)."""
    dv = q.get_or_404(DocumentVersion, dv_id)
    if dv.document.number != sch.RULE_NUMBER:
        abort(404)
    sv = versions.for_document_version(dv.id)
    base = versions.base_for_draft(dv)
    form = SchemeForm()
    values = scheme_form.values_of(base)
    status = 200
    if request.method == "GET":
        form.scheme_json.data = sch.to_json(base)
        form.row_version.data = sv.row_version if sv else ""
    else:
        with refusals_flashed(REFUSALS):
            if request.form.get("mode") == "json":
                if not form.validate_on_submit():
                    raise sch.SchemeError("考核方案不能为空。")
                text = form.scheme_json.data
            else:
                values = request.form.to_dict()
                text = sch.to_json(scheme_form.apply(base, values))
            scheme_versions.save_draft_scheme(current_user, dv, text, request.form.get("row_version"))
            flash(f"已保存 {dv.document.number} {dv.revision} 草稿的考核方案；随该版本审核、批准后生效。", "success")
            return redirect(url_for(".schemes_index"))
        status = 400
        sv = versions.for_document_version(dv.id)
    return render_template(
        "assessment/scheme_edit.html",
        dv=dv,
        sv=sv,
        form=form,
        s=base,
        v=values,
        units=sch.UNITS,
        sources=sch.SOURCES,
        editable=dv.status == "draft",
    ), status
