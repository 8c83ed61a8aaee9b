"""Figures for the dashboard (per month, per window): SQL aggregates only."""

from sqlalchemy import func, select, true

from ...core.timeutil import local_today
from ...extensions import db
from ..models import Case, Commendation, Complaint
from . import active_windows, month_bounds, stats


def _grouped(model, date_col, first, last, *extra):
    stmt = (
        select(model.window_id, func.count())
        .where(date_col.between(first, last), model.voided_at.is_(None), *extra)
        .group_by(model.window_id)
    )
    return dict(db.session.execute(stmt).all())


def open_lights_by_window(today) -> dict[int, dict[str, int]]:
    """{window_id: {'red': n, 'yellow': n}} for open cases today."""
    stmt = (
        select(
            Case.window_id,
            func.sum(db.case((Case.due_on < today, 1), else_=0)),
            func.sum(db.case((Case.due_on >= today, 1), else_=0)),
        )
        .where(Case.is_open == true(), Case.voided_at.is_(None), Case.yellow_on <= today)
        .group_by(Case.window_id)
    )
    return {wid: {"red": red or 0, "yellow": yellow or 0} for wid, red, yellow in db.session.execute(stmt)}


def build(year: int, month: int, window_id: int | None = None) -> dict:
    first, last = month_bounds(year, month)
    today = local_today()
    windows = active_windows(last)
    if window_id:
        windows = [w for w in windows if w.id == window_id]
    rows, total = stats.month_table(year, month, windows)
    lights = open_lights_by_window(today)
    complaints = _grouped(Complaint, Complaint.received_on, first, last)
    valid = _grouped(Complaint, Complaint.received_on, first, last, Complaint.valid.is_(True))
    praise = _grouped(Commendation, Commendation.received_on, first, last)
    table = []
    for w, r in zip(windows, rows, strict=False):
        table.append(
            {
                "window": w,
                "stat": r,
                "red": lights.get(w.id, {}).get("red", 0),
                "yellow": lights.get(w.id, {}).get("yellow", 0),
                "complaints": complaints.get(w.id, 0),
                "valid_complaints": valid.get(w.id, 0),
                "commendations": praise.get(w.id, 0),
            }
        )
    series = stats.monthly_series(year, window_id)
    return {
        "total": total,
        "red": sum(x["red"] for x in table),
        "yellow": sum(x["yellow"] for x in table),
        "complaints": sum(x["complaints"] for x in table),
        "valid_complaints": sum(x["valid_complaints"] for x in table),
        "commendations": sum(x["commendations"] for x in table),
        "table": table,
        "volume_bars": [(x["window"].label, x["stat"].received) for x in table if x["stat"].received][:25],
        "series_labels": [f"{m}月" for m in range(1, 13)],
        "series_volume": [s.received for s in series],
        "series_rate": [s.on_time_rate for s in series],
        "today": today,
    }
