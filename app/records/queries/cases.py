"""Read-only queries behind the case pages: the filtered list, the lights board, names."""

import re
from datetime import date

from sqlalchemy import func, select, true
from sqlalchemy.orm import selectinload

from ...core.pagination import KeysetPage
from ...extensions import db
from ..logic import caseclock
from ..logic.vocab import STEP_LABELS
from ..models import CASE_STATES, HANDLING_CLASSES, Case, CaseSummary, ServiceItem, Staff, Window
from . import month_bounds


def case_statement(
    *,
    window_id: int | None,
    state: str | None,
    month: tuple[int, int] | None,
    q: str,
    applicant_window_id: int | None = None,
):
    """The live cases with the list page's filters, newest first. `applicant_window_id`: the text
    matches applicants only in that window's cases (window staff), the number in any."""
    stmt = select(Case).where(Case.voided_at.is_(None))
    if window_id:
        stmt = stmt.where(Case.window_id == window_id)
    if state in CASE_STATES:
        stmt = stmt.where(Case.state == state)
    if month:
        stmt = stmt.where(Case.received_on.between(*month_bounds(*month)))
    if q:
        by_applicant = Case.applicant.contains(q)
        if applicant_window_id is not None:
            by_applicant = by_applicant & (Case.window_id == applicant_window_id)
        stmt = stmt.where(_by_number(q) | by_applicant)
    return stmt.order_by(Case.id.desc())


def _by_number(q: str):
    """The exact number, a number's beginning (BJ20261202) or, for 3 digits or more, its last digits
    (0006 finds BJ2026120200006); letters in any case. Other text matches the exact number only."""
    code = q.strip().upper()
    if not re.fullmatch(r"[A-Z0-9-]+", code):
        return Case.number == q
    cond = (Case.number == code) | Case.number.startswith(code, autoescape=True)
    if code.isdigit() and len(code) >= 3:
        cond = cond | Case.number.endswith(code, autoescape=True)
    return cond


COUNT_CAP = 1_000  # a filtered list counts at most this many rows (20 pages); beyond: 超过 1000 条


def listed_total(window_id: int | None, month: tuple[int, int] | None) -> int:
    """The number of live cases received in the window and month (either may be None): from the
    case summary (kept with every case change, services/summary.py), so the unfiltered list, a
    window's or a month's, says 共 N 条 exactly without counting the cases."""
    stmt = select(func.coalesce(func.sum(CaseSummary.received), 0))
    if window_id:
        stmt = stmt.where(CaseSummary.window_id == window_id)
    if month:
        stmt = stmt.where(CaseSummary.year == month[0], CaseSummary.month == month[1])
    return db.session.scalar(stmt) or 0


def case_page(
    stmt,
    per_page: int = 50,
    page: int = 1,
    cap: int = COUNT_CAP,
    *,
    after: int | None = None,
    before: int | None = None,
    total: int | None = None,
) -> KeysetPage:
    """One page of the list, newest first (`stmt` orders by id descending). With `after` the
    cases below that id, with `before` those above it (keyset: no OFFSET); with neither, the
    `page`-th page by OFFSET, within the counted pages only (old links, the first page).
    `total`: the exact number of cases listed when the caller knows it (listed_total); otherwise
    they are counted up to `cap` rows."""
    load = (selectinload(Case.item), selectinload(Case.window))
    page = max(1, page or 1)
    if total is None:
        ids = stmt.with_only_columns(Case.id).order_by(None).limit(cap + 1).subquery()
        counted = db.session.scalar(select(func.count()).select_from(ids)) or 0
        total, exact = min(counted, cap), counted <= cap
    else:
        exact = True
    if before is not None:
        rows = list(
            db.session.scalars(
                stmt.where(Case.id > before).order_by(None).order_by(Case.id.asc()).limit(per_page + 1).options(*load)
            )
        )
        if len(rows) > per_page:
            items = rows[:per_page][::-1]
            return KeysetPage(items, max(2, page), per_page, total, exact, True, True)
        after, page = None, 1  # back at the newest cases: the first page
    if after is not None:
        rows = list(db.session.scalars(stmt.where(Case.id < after).limit(per_page + 1).options(*load)))
        return KeysetPage(rows[:per_page], max(2, page), per_page, total, exact, True, len(rows) > per_page)
    page = min(page, max(1, -(-total // per_page)))
    rows = list(db.session.scalars(stmt.limit(per_page + 1).offset((page - 1) * per_page).options(*load)))
    return KeysetPage(rows[:per_page], page, per_page, total, exact, page > 1, len(rows) > per_page)


def listed_cases(stmt, filters: dict, per_page: int = 50, **paging) -> KeysetPage:
    """A page of the case list (case_page's paging): listed by window and month only, the exact
    total comes from the case summary; with a state or a text the cases are counted up to the cap."""
    plain = filters["state"] not in CASE_STATES and not filters["q"]
    total = listed_total(filters["window_id"], filters["month"]) if plain else None
    return case_page(stmt, per_page=per_page, total=total, **paging)


def case_facts(case: Case, today: date) -> dict:
    """What the case page shows beside the case: its light today, the working days left, staff
    names, and the words for lights, steps, states and handling classes."""
    return {
        "light": caseclock.light(case, today),
        "labels": caseclock.LIGHT_LABELS,
        "remaining": caseclock.remaining_workdays(case, today),
        "staff": staff_names(),
        "steps": STEP_LABELS,
        "states": CASE_STATES,
        "classes": HANDLING_CLASSES,
    }


def case_rows(stmt, limit: int = 200000):
    return db.session.scalars(stmt.limit(limit))


def items_of_window(window) -> set[int]:
    """Ids of the items handled at the window (or by its department with no window named)."""
    return set(
        db.session.scalars(
            select(ServiceItem.id).where(
                (ServiceItem.window_id == window.id)
                | ((ServiceItem.window_id.is_(None)) & (ServiceItem.department_id == window.department_id))
            )
        )
    )


def staff_names() -> dict[int, str]:
    return dict(db.session.execute(select(Staff.id, Staff.name)).all())


def lights_board(today: date, window_id: int | None, light: str | None):
    """电子监察: (page of open cases with a yellow or red light, [(window, red, yellow)] by window)."""
    base = select(Case).where(Case.is_open == true(), Case.voided_at.is_(None), Case.yellow_on <= today)
    counts = db.session.execute(
        select(Case.window_id, func.sum(db.case((Case.due_on < today, 1), else_=0)), func.count())
        .where(Case.is_open == true(), Case.voided_at.is_(None), Case.yellow_on <= today)
        .group_by(Case.window_id)
    ).all()
    if window_id:
        base = base.where(Case.window_id == window_id)
    if light == "red":
        base = base.where(Case.due_on < today)
    elif light == "yellow":
        base = base.where(Case.due_on >= today)
    page = db.paginate(
        base.order_by(Case.due_on, Case.id).options(selectinload(Case.item), selectinload(Case.window)),
        per_page=100,
        error_out=False,
    )
    windows = {w.id: w for w in db.session.scalars(select(Window))}
    summary = sorted(
        ((windows[w], red, n - red) for w, red, n in counts if w in windows), key=lambda t: (-t[1], -t[2], t[0].number)
    )
    return page, summary
