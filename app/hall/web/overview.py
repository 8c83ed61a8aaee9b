"""The hall's front page: the two-click 首问 form and what is waiting in each procedure."""

from flask import render_template, session
from flask_login import current_user

from ...auth.permissions import permission_required
from ...auth.privacy import log_access
from ...core.timeutil import local_today
from .. import queries
from ..services import complaints as complaint_svc
from ..services.common import own_window


@permission_required("hall.view")
def index():
    today = local_today()
    mine = own_window(current_user, today)
    recent = queries.contacts(limit=10)
    log_access(current_user, "pd_list", "hall_first_contacts", recent)  # visitors shown unmasked are logged
    return render_template(
        "hall/index.html",
        today=today,
        mine=mine,
        windows=queries.windows(today),
        waiting=queries.waiting_handovers(today),
        shirks=queries.contacts(shirked=True, limit=20),
        reminders=queries.open_complaint_reminders(today, complaint_svc.limits()),
        stage_counts=queries.stage_lights(today, limit=1)[0],
        unrevisited=queries.unrevisited_bad(today),
        overdue_rect=queries.overdue_rectifications(today),
        recent=recent,
        typed=session.pop("hall_contact_form", None),
    )
