"""Read-only queries behind the pages of the simple record kinds, service items and rosters."""

from datetime import date

from sqlalchemy import select

from ...audit.models import AuditEntry
from ...extensions import db
from ..models import RosterEntry, ServiceItem
from . import month_bounds, revision_on


def get_or_404(model, object_id: int):
    """The row, or the 404 page."""
    return db.get_or_404(model, object_id)


def get(model, object_id):
    """The row, or None."""
    return db.session.get(model, object_id)


def history(obj_type: str, obj_id) -> list:
    """The audit trail of one object, oldest first."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == obj_type, AuditEntry.object_id == str(obj_id))
            .order_by(AuditEntry.id)
        )
    )


def kind_statement(k, *, voided: bool, window_id: int | None, month: tuple[int, int] | None, q: str):
    """The rows of record kind `k` (app.records.registry.KINDS) with the list page's filters."""
    stmt = select(k.model)
    if not voided:
        stmt = stmt.where(k.model.voided_at.is_(None))
    if k.has_window and window_id:
        stmt = stmt.where(k.model.window_id == window_id)
    if k.date_field and month:
        stmt = stmt.where(getattr(k.model, k.date_field).between(*month_bounds(*month)))
    if q and hasattr(k.model, "name"):
        stmt = stmt.where(k.model.name.contains(q))
    for o in k.order:
        col = getattr(k.model, o.lstrip("-"))
        stmt = stmt.order_by(col.desc() if o.startswith("-") else col)
    return stmt.order_by(k.model.id.desc())


def page_of(stmt, per_page: int):
    """One page of a statement (?page=N from the request)."""
    return db.paginate(stmt, per_page=per_page, error_out=False)


def rows_of(stmt, limit: int):
    return db.session.scalars(stmt.limit(limit))


def items_with_terms(on: date) -> list:
    """[(service item, its terms in force on the date)] for the live items, by code."""
    items = db.session.scalars(select(ServiceItem).where(ServiceItem.voided_at.is_(None)).order_by(ServiceItem.code))
    return [(i, revision_on(i.id, on)) for i in items]


def roster_entries(window_id: int) -> list[RosterEntry]:
    """Every roster line of the window, newest year first."""
    return db.session.scalars(
        select(RosterEntry)
        .where(RosterEntry.window_id == window_id)
        .order_by(RosterEntry.year.desc(), RosterEntry.position, RosterEntry.id)
    ).all()


def roster_page(window_id: int, year: int) -> dict:
    """The window's roster entries (every year) and the years the page offers, newest first."""
    entries = roster_entries(window_id)
    return {"entries": entries, "years": sorted({e.year for e in entries} | {year}, reverse=True)}
