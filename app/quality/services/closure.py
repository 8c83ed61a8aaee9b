"""What follows when a nonconformity is closed or voided: its internal audit closes with its last
nonconformity (9.2), a management-review action that opened it is done with it (9.3.3). Kept apart
so nonconformities, audits and reviews do not import each other in a circle."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ...audit.services import record
from ...extensions import db
from ..logic.vocab import CLOSED, VOIDED
from ..models import Audit, Nonconformity, ReviewAction


def close_audit_if_done(audit: Audit, today: date) -> bool:
    """A reported audit closes when all its nonconformities are closed (or voided)."""
    if audit.state != "reported":
        return False
    db.session.flush()
    states = db.session.scalars(select(Nonconformity.state).where(Nonconformity.audit_id == audit.id)).all()
    if all(s in (CLOSED, VOIDED) for s in states):
        audit.state, audit.closed_on = "closed", today
        return True
    return False


def after_nc_closed(user, nc: Nonconformity, today: date) -> None:
    if nc.audit_id:
        audit = db.session.get(Audit, nc.audit_id)
        if audit is not None and close_audit_if_done(audit, today):
            record(user, "close", "internal_audit", audit.id, {"number": audit.number, "nc": nc.number})
    if nc.review_action_id:
        a = db.session.get(ReviewAction, nc.review_action_id)
        if a is not None and a.state == "open":
            a.state, a.done_on = "done", today
            a.done_note = f"不合格 {nc.number} 已{'关闭' if nc.state == CLOSED else '作废'}。"
            record(user, "action_done", "management_review", a.review_id, {"action": a.id, "nc": nc.number})
    db.session.flush()
