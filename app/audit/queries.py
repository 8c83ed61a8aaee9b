"""Reading the audit trail: a page of entries, the same entries for the Excel export, who appears."""

from datetime import date, timedelta

from ..core.timeutil import local_day_start_utc
from ..extensions import db
from .models import AuditEntry

FILTERS = ("user_id", "action", "object_type", "date_from", "date_to")
EXPORT_LIMIT = 50_000  # rows; a longer trail is exported in date ranges


def parse_filters(args) -> tuple[dict, list[str]]:
    """The filters as typed (to re-show them) and the Chinese problems with them."""
    filters = {k: (args.get(k) or "").strip() for k in FILTERS}
    problems = []
    for key, words in (("date_from", "起始日期"), ("date_to", "截止日期")):
        if filters[key]:
            try:
                date.fromisoformat(filters[key])
            except ValueError:
                problems.append(f"{words}“{filters[key]}”不是有效日期（格式：2026-12-02）。")
    if filters["user_id"] and not filters["user_id"].isdigit():
        problems.append("请选择人员。")
    if not problems and filters["date_from"] and filters["date_to"] and filters["date_from"] > filters["date_to"]:
        problems.append("起始日期晚于截止日期。")
    return filters, problems


def _filtered(filters: dict):
    query = db.select(AuditEntry).order_by(AuditEntry.id.desc())
    if filters.get("user_id", "").isdigit():
        query = query.where(AuditEntry.user_id == int(filters["user_id"]))
    if filters.get("action"):
        query = query.where(AuditEntry.action == filters["action"])
    if filters.get("object_type"):
        query = query.where(AuditEntry.object_type == filters["object_type"])
    # dates are China's days; entries store UTC
    if filters.get("date_from"):
        query = query.where(AuditEntry.at >= local_day_start_utc(date.fromisoformat(filters["date_from"])))
    if filters.get("date_to"):
        next_day = date.fromisoformat(filters["date_to"]) + timedelta(days=1)
        query = query.where(AuditEntry.at < local_day_start_utc(next_day))
    return query


def entries_page(filters: dict, per_page: int, page: int | None = None):
    """Newest first, narrowed by person, action, object type and China-date range (empty = any)."""
    return db.paginate(_filtered(filters), page=page, per_page=per_page, error_out=False)


def entries_for_export(filters: dict) -> tuple[list[AuditEntry], bool]:
    """At most EXPORT_LIMIT entries and whether there were more."""
    rows = db.session.scalars(_filtered(filters).limit(EXPORT_LIMIT + 1)).all()
    return rows[:EXPORT_LIMIT], len(rows) > EXPORT_LIMIT


def people_in_trail() -> list[tuple[int, str]]:
    """(user id, the last login name stored) of everyone who appears in the trail."""
    rows = db.session.execute(
        db.select(AuditEntry.user_id, db.func.max(AuditEntry.username))
        .where(AuditEntry.user_id.is_not(None))
        .group_by(AuditEntry.user_id)
    ).all()
    return [(uid, name or "") for uid, name in rows]


def entries_about(object_type: str, object_ids, actions) -> list:
    """The entries of these actions on these objects (object_ids None: on every object of the type),
    oldest first, for cross-checks such as the document signatures against their `sign` entries."""
    query = db.select(AuditEntry).where(AuditEntry.object_type == object_type, AuditEntry.action.in_(list(actions)))
    if object_ids is not None:
        ids = [str(i) for i in object_ids]
        if not ids:
            return []
        query = query.where(AuditEntry.object_id.in_(ids))
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


def latest_id():
    return db.session.scalar(db.select(db.func.max(AuditEntry.id)))
