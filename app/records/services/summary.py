"""The case summary (rec_case_summary) kept in step with the cases, in the same transaction.

- ORM changes of a case (register, each step, correct, void; from any room: the hall's steps call
  records' services): a before-flush hook reads the cases' stored figures (one statement for the
  changed cases of the flush), compares them with the objects' and adds the difference to the
  summary rows (an upsert per flush). Before the flush the database still holds the values the
  summary already counts, so the hook needs no attribute history.
- ORM bulk INSERT of cases (the .xlsx import, the demo): the rows' values are added.
- Any other ORM bulk statement on cases (UPDATE / DELETE / INSERT ... SELECT): the summary of the
  centers concerned is rebuilt after it, in the same transaction (slow at scale, but right).
- A change outside the app (SQL by hand, bench/records.py's raw inserts): `flask records
  rebuild-summary` (also the nightly job records.summary, which repairs any drift).

Nothing here commits: the request, the command or the job commits once."""

from collections.abc import Iterable

from sqlalchemy import case, delete, event, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ...centers.context import current_center_id, scope_ids
from ...extensions import db
from ..logic import summary
from ..models import CASE_WITHDRAWN, Case, CaseSummary

_TABLE = CaseSummary.__table__
_KEY = ("center_id", "window_id", "year", "month")
_CASES = Case.__table__
_CASE_COLUMNS = [_CASES.c[name] for name in ("id", *summary.CASE_FIELDS)]
_CHUNK = 400  # rows per upsert statement (SQLite allows 32,766 bound values)


def _values_of(obj: Case) -> dict:
    values = {name: getattr(obj, name) for name in summary.CASE_FIELDS}
    if values["center_id"] is None:  # a new case: the column default will give it the current center
        values["center_id"] = current_center_id()
    return values


def _moves_figures(obj: Case) -> bool:
    state = db.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in summary.CASE_FIELDS)


def apply(connection, deltas: dict) -> None:
    """Add {key: {figure: delta}} to the summary rows (created when missing), keys in order so that
    two transactions lock the rows in the same order (PostgreSQL)."""
    if not deltas:
        return
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    rows = [dict(zip(_KEY, key, strict=True), **deltas[key]) for key in sorted(deltas)]
    for i in range(0, len(rows), _CHUNK):
        stmt = insert(_TABLE).values(rows[i : i + _CHUNK])
        stmt = stmt.on_conflict_do_update(
            index_elements=[_TABLE.c[k] for k in _KEY],
            set_={name: _TABLE.c[name] + stmt.excluded[name] for name in summary.FIGURES},
        )
        connection.execute(stmt)


def _stored(connection, ids: list[int]) -> list[dict]:
    out = []
    for i in range(0, len(ids), 900):
        out += [
            dict(r._mapping)
            for r in connection.execute(select(*_CASE_COLUMNS).where(_CASES.c.id.in_(ids[i : i + 900])))
        ]
    return out


def _before_flush(session: Session, _context, _instances) -> None:
    new = [o for o in session.new if isinstance(o, Case)]
    changed = [o for o in session.dirty if isinstance(o, Case) and _moves_figures(o)]
    gone = [o for o in session.deleted if isinstance(o, Case)]
    if not (new or changed or gone):
        return
    connection = session.connection()
    ids = [o.id for o in changed + gone if o.id is not None]
    before = _stored(connection, ids) if ids else []
    after = [_values_of(o) for o in new + changed]
    apply(connection, summary.change(before, after))


def _do_orm_execute(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is None or not issubclass(mapper.class_, Case):
        return
    params = state.parameters
    rows = params if isinstance(params, list) else [params] if params else []
    plain_insert = state.is_insert and rows and state.statement.select is None and not state.statement._values
    if plain_insert:
        center = current_center_id()
        added = [{name: row.get(name) for name in summary.CASE_FIELDS} for row in rows]
        for row in added:
            row["center_id"] = row["center_id"] or center
            row["state"] = row["state"] or "received"
        result = state.invoke_statement()
        apply(state.session.connection(), summary.totals_of(added))
        return result
    result = state.invoke_statement()
    # which rows the statement reached is not known here: rebuild the centers it could see
    options = state.execution_options
    centers = None if options.get("all_centers") else options.get("center_ids") or scope_ids()
    rebuild(state.session, centers, flush=False)
    return result


def install() -> None:
    """Listen on every Session once (create_app runs many times in the tests)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "do_orm_execute", _do_orm_execute)


def _sum(cond):
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def computed(connection, center_ids: Iterable[int] | None = None) -> dict:
    """{key: {figure: n}} from the cases themselves (two grouped statements over every case of the
    centers, all centers with None): what the summary must hold."""
    c = _CASES.c
    year_r, month_r = func.extract("year", c.received_on), func.extract("month", c.received_on)
    year_c, month_c = func.extract("year", c.completed_on), func.extract("month", c.completed_on)
    scope = [c.center_id.in_(list(center_ids))] if center_ids is not None else []
    totals: dict = {}
    received = (
        select(c.center_id, c.window_id, year_r, month_r, func.count(), _sum(c.is_instant.is_(True)))
        .where(c.voided_at.is_(None), *scope)
        .group_by(c.center_id, c.window_id, year_r, month_r)
    )
    for center, window, year, month, n, instant in connection.execute(received):
        totals[(center, window, int(year), int(month))] = dict(
            dict.fromkeys(summary.FIGURES, 0), received=n, instant=instant
        )
    timed = c.is_instant.is_(False)
    completed = (
        select(
            c.center_id,
            c.window_id,
            year_c,
            month_c,
            func.count(),
            _sum(c.completed_on <= c.due_on),
            _sum(timed & (c.used_days < c.limit_days)),
            _sum(c.completed_on > c.due_on),
            _sum(timed),
            func.coalesce(func.sum(case((timed, c.used_days), else_=0)), 0),
            func.coalesce(func.sum(case((timed, c.limit_days), else_=0)), 0),
        )
        .where(c.completed_on.is_not(None), c.state != CASE_WITHDRAWN, c.voided_at.is_(None), *scope)
        .group_by(c.center_id, c.window_id, year_c, month_c)
    )
    for center, window, year, month, *figures in connection.execute(completed):
        row = totals.setdefault((center, window, int(year), int(month)), dict.fromkeys(summary.FIGURES, 0))
        row.update(zip(summary.FIGURES[2:], (int(f) for f in figures), strict=True))
    return totals


def stored(connection, center_ids: Iterable[int] | None = None) -> dict:
    """{key: {figure: n}} as the summary holds it, rows of zeros left out."""
    t = _TABLE.c
    stmt = select(*[t[k] for k in _KEY], *[t[f] for f in summary.FIGURES]).where(or_(t.received != 0, t.completed != 0))
    if center_ids is not None:
        stmt = stmt.where(t.center_id.in_(list(center_ids)))
    return {tuple(r[:4]): dict(zip(summary.FIGURES, r[4:], strict=True)) for r in connection.execute(stmt)}


def rebuild(session=None, center_ids: Iterable[int] | None = None, flush: bool = True) -> int:
    """Replace the summary of the centers (every center with None) by the totals computed from the
    cases; returns the number of rows written. Flushes first (pending case changes count)."""
    session = session or db.session
    if flush:
        session.flush()
    connection = session.connection()
    ids = list(center_ids) if center_ids is not None else None
    stmt = delete(_TABLE)
    if ids is not None:
        stmt = stmt.where(_TABLE.c.center_id.in_(ids))
    connection.execute(stmt)
    totals = computed(connection, ids)
    apply(connection, totals)
    return len(totals)
