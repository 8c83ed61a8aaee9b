"""The home page: what is waiting for this person."""

from flask import render_template
from flask_login import current_user

from ...auth.permissions import permission_required
from ..queries import tasks_for


@permission_required("home.view")
def index():
    return render_template("main/index.html", tasks=tasks_for(current_user))
