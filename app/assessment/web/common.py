"""What the assessment views share: the refusals they show and the entry form with
its choices (built from the month's scheme and the window's roster)."""

from flask import render_template

from ...core.timeutil import local_today
from ..logic import workflow as wf
from ..queries import articles
from ..queries import records as sources
from ..queries.months import appeals_of_sheet, result, scheme_of
from ..services.common import REFUSALS
from ..services.sheets import citation_day
from .forms import AppealForm, DecideAppealForm, EntryForm, ReasonForm

__all__ = ["REFUSALS", "entry_form", "local_today", "render_sheet"]


def entry_form(sheet, formdata=None):
    """The entry form of a sheet, its item and staff choices, and staff id → name."""
    scheme = scheme_of(sheet.month)
    # On a POST the version comes from the form only: a default here would fill in the current
    # version when the field is missing and let a blind save through.
    form = EntryForm(formdata=formdata) if formdata is not None else EntryForm(row_version=sheet.row_version)
    choices = []
    for cat in scheme.categories:
        choices += [(i.code, f"{cat.name}｜{i.code} {i.name}（{i.points_text()}）") for i in cat.items]
    choices += [(i.code, f"加分｜{i.code} {i.name}（{i.points_text('+')}）") for i in scheme.bonus_items]
    choices += [(v.code, f"一票否决｜{v.code} {v.name}") for v in scheme.veto_items]
    form.item_code.choices = [("", "— 请选择 —")] + choices
    staff = sources.window_staff(sheet.window_id, sheet.month.year)
    form.staff_id.choices = [("", "（窗口，不涉及个人）")] + [
        (str(s.id), s.name + ("（首席代表）" if s.is_chief_rep else "")) for s in staff
    ]
    return form, {str(s.id): s.name for s in staff}


def render_sheet(sheet, form=None, appeal_form=None, status=200):
    """The score sheet page (the sheet views and the appeal view re-show it with their form)."""
    if form is None:
        form, _ = entry_form(sheet)
    if appeal_form is None:
        appeal_form = AppealForm()
    appeal_form.entry_id.choices = [("", "（整张评分表）")] + [
        (str(e.id), f"{e.item_name} ×{e.count:g}（{e.note[:20]}）") for e in sheet.entries if e.status == "accepted"
    ]
    m = sheet.month
    return render_template(
        "assessment/sheet.html",
        sheet=sheet,
        m=m,
        res=result(sheet),
        form=form,
        wf=wf,
        scheme=scheme_of(m),
        editable=m.status in (wf.OPEN, wf.SCORING),
        appeals=appeals_of_sheet(sheet),
        appeal_form=appeal_form,
        decide_form=DecideAppealForm(),
        reason_form=ReasonForm(row_version=sheet.row_version),
        appeal_open=wf.appeal_open(m.status, m.publicity_end, local_today()),
        article_choices=articles.choices_on(citation_day(m, None)) if m.status in (wf.OPEN, wf.SCORING) else [],
    ), status
