"""The hall room's part of the app beyond its page routes: the device API's blueprint (token
auth, so no CSRF token) and the words of its audit-trail entries."""

from ..extensions import csrf
from . import api_bp
from .audit_labels import register_labels


def init_app(app) -> None:
    register_labels()
    if "hall_api" not in app.blueprints:
        csrf.exempt(api_bp)
        app.register_blueprint(api_bp)
