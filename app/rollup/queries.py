"""Read-only: the month's figures of several centers (or of one center's windows), each figure one
grouped SQL statement over all the centers at once (GROUP BY center_id, or window_id for one
center): five statements whatever the number of centers. Received, closed and on time come from
the case summary (rec_case_summary, the same totals the center's 办件情况统计表 reads), the lights
from the cases (partial indexes ix_rec_cases_center_red / _yellow), 好差评 from the ratings, the
score from the month's sheets. The centers read are the ones the caller
hands in (app.auth.permissions.visible_center_ids, purpose "statistics"): every statement runs with
`center_ids=` those ids, never unscoped."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, false, func, or_, select

from ..assessment.models import AssessmentMonth, ScoreSheet
from ..centers.context import seeing
from ..centers.models import Center
from ..extensions import db
from ..records.models import Case, CaseSummary, Rating, Window
from ..records.queries import month_bounds
from ..records.queries.cases import case_page, case_statement
from .logic.figures import LEVEL_TITLES, CenterRef, Figures, merge, sections


def _n(cond):
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def _rows(stmt, ids) -> dict:
    """{key: value or tuple of values} of a statement whose first column is the key."""
    out = {}
    for row in db.session.execute(stmt.execution_options(center_ids=list(ids))):
        out[row[0]] = row[1] if len(row) == 2 else tuple(row[1:])
    return out


def figures(ids: list[int], year: int, month: int, today: date, by_window: bool = False) -> dict[int, Figures]:
    """{center id: Figures} of the month for the centers `ids` (by_window: {window id: Figures} of
    the cases, ratings and sheets of those centers, for one center's drill-down)."""
    ids = [int(i) for i in ids]
    if not ids:
        return {}
    first, last = month_bounds(year, month)
    seen_to = min(last, today)
    case_key = Case.window_id if by_window else Case.center_id
    rating_key = Rating.window_id if by_window else Rating.center_id
    sheet_key = ScoreSheet.window_id if by_window else ScoreSheet.center_id
    live = Case.voided_at.is_(None)
    summary_key = CaseSummary.window_id if by_window else CaseSummary.center_id
    cases = _rows(  # the case summary (kept with every case change): received, closed, on time
        select(
            summary_key, func.sum(CaseSummary.received), func.sum(CaseSummary.completed), func.sum(CaseSummary.on_time)
        )
        .where(CaseSummary.year == year, CaseSummary.month == month)
        .group_by(summary_key),
        ids,
    )
    grouped = {
        "received": {k: v[0] for k, v in cases.items()},
        "closed": {k: (v[1], v[2]) for k, v in cases.items()},
        "red": _rows(
            select(case_key, func.count())
            .where(
                live,
                Case.due_on.between(first - timedelta(days=1), seen_to - timedelta(days=1)),
                or_(Case.completed_on.is_(None), Case.completed_on > Case.due_on),
            )
            .group_by(case_key),
            ids,
        ),
        "yellow": _rows(
            select(case_key, func.count())
            .where(
                live,
                Case.is_instant == false(),  # as the partial index says it (ix_rec_cases_center_yellow)
                Case.yellow_on.between(first, seen_to),
                or_(Case.completed_on.is_(None), Case.completed_on >= Case.yellow_on),
            )
            .group_by(case_key),
            ids,
        ),
        "ratings": _rows(
            select(rating_key, func.count(), _n(Rating.grade >= 4), _n(Rating.grade <= 2), _n(Rating.grade >= 3))
            .where(Rating.voided_at.is_(None), Rating.excluded_kind.is_(None), Rating.rated_on.between(first, last))
            .group_by(rating_key),
            ids,
        ),
        "scores": _rows(
            select(
                sheet_key, func.count(), func.coalesce(func.sum(ScoreSheet.total), 0), func.max(AssessmentMonth.status)
            )
            .join(AssessmentMonth, AssessmentMonth.id == ScoreSheet.month_id)
            .where(AssessmentMonth.year == year, AssessmentMonth.month == month)
            .group_by(sheet_key),
            ids,
        ),
    }
    return merge([] if by_window else ids, grouped)


def centers(ids: list[int]) -> list[CenterRef]:
    """The centers `ids` (the tree is installation-wide: the caller's ids decide what is read)."""
    if not ids:
        return []
    stmt = select(Center.id, Center.name, Center.level, Center.parent_id).where(Center.id.in_([int(i) for i in ids]))
    return [CenterRef(*row) for row in db.session.execute(stmt.order_by(Center.id))]


def windows_of(center_id: int) -> list[Window]:
    """The center's windows (closed ones too: a month's figures may name them), in number order."""
    rows = db.session.scalars(select(Window).execution_options(center_ids=[int(center_id)])).all()
    return sorted(rows, key=lambda w: (len(w.number), w.number))


def window_of(center_id: int, window_id: int) -> Window | None:
    return db.session.scalar(
        select(Window).where(Window.id == window_id).execution_options(center_ids=[int(center_id)])
    )


def window_cases(center_id: int, window_id: int, year: int, month: int, page: int, per_page: int = 50):
    """The window's live cases received in the month, newest first: the case pages' own list statement
    and page (its count and its item / window loads included) inside seeing(the center)."""
    stmt = case_statement(window_id=window_id, state=None, month=(year, month), q="")
    with seeing([int(center_id)]):
        return case_page(stmt, per_page=per_page, page=page)


def overview(ids: list[int], year: int, month: int, today: date) -> dict:
    """The roll-up page: the centers `ids` by level with their figures, and the chart's rows."""
    refs = centers(ids)
    parts = sections(refs, figures([c.id for c in refs], year, month, today))
    rows = [(f.label, LEVEL_TITLES[s.level][:1], f) for s in parts for _, f in s.rows]
    return {"sections": parts, "chart_rows": rows}


def center_page(center_id: int, year: int, month: int, today: date) -> dict | None:
    """One center's month by window (closed windows only when they have figures), the figures of
    no window (ratings without one) and the center's total; None for a missing center."""
    refs = centers([center_id])
    if not refs:
        return None
    whole = figures([center_id], year, month, today).get(center_id) or Figures(center_id)
    by_window = figures([center_id], year, month, today, by_window=True)
    rows = []
    for w in windows_of(center_id):
        f = by_window.pop(w.id, None)
        if f is not None or w.closed_on is None:
            rows.append((w, f or Figures(w.id)))
    unassigned = Figures(None)
    for f in by_window.values():
        unassigned.add(f)
    return {
        "center": refs[0],
        "level_title": LEVEL_TITLES.get(refs[0].level, ""),
        "rows": rows,
        "unassigned": unassigned if unassigned.ratings or unassigned.received else None,
        "total": whole,
    }


def cases_page(center_id: int, window_id: int, year: int, month: int, page: int) -> dict | None:
    """A window of the center and its cases of the month; None when either is missing."""
    refs = centers([center_id])
    window = window_of(center_id, window_id) if refs else None
    if window is None:
        return None
    return {"center": refs[0], "window": window, "page": window_cases(center_id, window_id, year, month, page)}
