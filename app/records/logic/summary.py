"""What one case adds to the case summary (rec_case_summary: totals per center, window and month).

A case counts in two months: received (收件, 即办件) in the month of `received_on`, completed (办结
incl. 不予受理, 撤销 excluded) with its on-time / early / overdue / timed figures in the month of
`completed_on`. A voided case counts nowhere. The rules are those of queries/stats.py's SQL
(`_grouped_stats`): a test holds the two equal.

Pure: a case is any mapping (or object read into one) with the fields of CASE_FIELDS."""

from collections.abc import Iterable, Mapping

WITHDRAWN = "withdrawn"

# The figures of a summary row, in the order of the table's columns and of StatRow.
FIGURES = ("received", "instant", "completed", "on_time", "early", "overdue", "timed", "used_sum", "limit_sum")

# The case fields the figures depend on: a change to any other field does not move the summary.
CASE_FIELDS = (
    "center_id",
    "window_id",
    "received_on",
    "is_instant",
    "voided_at",
    "completed_on",
    "state",
    "due_on",
    "used_days",
    "limit_days",
)

Key = tuple  # (center_id, window_id, year, month)


def contributions(case: Mapping) -> list[tuple[Key, dict[str, int]]]:
    """[(key, {figure: n})] the case adds (nothing when voided)."""
    if case.get("voided_at") is not None:
        return []
    center, window = case.get("center_id"), case.get("window_id")
    instant = bool(case.get("is_instant"))
    out = []
    received = case.get("received_on")
    if received is not None:
        out.append(((center, window, received.year, received.month), {"received": 1, "instant": int(instant)}))
    done = case.get("completed_on")
    if done is not None and case.get("state") != WITHDRAWN:
        due, used, limit = case.get("due_on"), case.get("used_days"), case.get("limit_days")
        timed = not instant
        figures = {
            "completed": 1,
            "on_time": int(due is not None and done <= due),
            "early": int(timed and used is not None and limit is not None and used < limit),
            "overdue": int(due is not None and done > due),
            "timed": int(timed),
            "used_sum": (used or 0) if timed else 0,
            "limit_sum": (limit or 0) if timed else 0,
        }
        out.append(((center, window, done.year, done.month), figures))
    return out


def add_into(totals: dict[Key, dict[str, int]], case: Mapping, sign: int = 1) -> None:
    """Add (sign=1) or take away (sign=-1) the case's contributions in `totals`."""
    for key, figures in contributions(case):
        row = totals.setdefault(key, dict.fromkeys(FIGURES, 0))
        for name, n in figures.items():
            row[name] += sign * n


def change(before: Iterable[Mapping], after: Iterable[Mapping]) -> dict[Key, dict[str, int]]:
    """{key: {figure: delta}} that turns the summary of the cases `before` into that of `after`;
    keys whose figures do not move are left out."""
    totals: dict[Key, dict[str, int]] = {}
    for case in before:
        add_into(totals, case, -1)
    for case in after:
        add_into(totals, case, 1)
    return {key: row for key, row in totals.items() if any(row.values())}


def totals_of(cases: Iterable[Mapping]) -> dict[Key, dict[str, int]]:
    """The summary of `cases` from nothing (what a rebuild computes in SQL)."""
    return change((), cases)
