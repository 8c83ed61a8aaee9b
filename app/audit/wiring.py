"""The audit room's part of the app: the Jinja filters that show entries in words."""

from .filters import details_html, object_label
from .keys import master_key


def _wire_centers() -> None:
    """The centers room stands below this one: it gets the trail handed in and its words registered
    here (it cannot import the audit room)."""
    from ..centers import audit_labels as center_words
    from ..centers import trail as center_trail
    from . import labels
    from .services import record

    center_trail.use_recorder(record)
    labels.register(
        center_words.OBJECT_TYPE,
        center_words.LABEL,
        actions=center_words.ACTIONS,
        fields=center_words.FIELDS,
        values=center_words.VALUES,
    )


def init_app(app) -> None:
    _wire_centers()
    # A wrong evidence key (too short, equal to SECRET_KEY, a damaged key file) stops the start-up
    # with its reason, instead of answering 500 at the first request that writes the trail.
    with app.app_context():
        master_key()
    app.jinja_env.filters["audit_object"] = object_label
    app.jinja_env.filters["audit_details"] = details_html
    if app.config.get("AUDIT_DAILY_CHECKPOINT", not app.testing):
        _daily_checkpoint(app)


def _daily_checkpoint(app) -> None:
    """The in-app daily job: after a request, at most once an hour per worker, seal a checkpoint when
    the last one is older than a day (cron running `flask audit checkpoint` does the same)."""
    import logging
    import time

    state = {"looked": None}  # not 0.0: monotonic time starts near zero after a boot

    @app.teardown_request
    def _maybe_checkpoint(_exc=None):
        now = time.monotonic()
        if state["looked"] is not None and now - state["looked"] < 3600:
            return
        state["looked"] = now
        from ..extensions import db
        from .services import checkpoint_due, write_checkpoint

        try:
            if checkpoint_due():
                db.session.rollback()
                write_checkpoint()
        except Exception:  # never let the daily job break a request; the log says why
            logging.getLogger("app.audit").exception("审计检查点未能写入")
