"""The audit room's part of the app: the Jinja filters that show entries in words."""
from .filters import details_html, object_label


def init_app(app) -> None:
    app.jinja_env.filters["audit_object"] = object_label
    app.jinja_env.filters["audit_details"] = details_html
