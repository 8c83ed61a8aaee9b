"""Read-only: rankings, red flags, last-place warnings and flag histories read from the database and
computed by the pure redflag module (flags are written by services/flags.py)."""

from __future__ import annotations

from dataclasses import dataclass

from ...extensions import db
from ..logic import redflag
from ..logic.ordering import natural_key
from ..models import AssessmentMonth, FlagAward, ScoreSheet

FINAL = "final"


def _prev(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def rows_of(month_id: int) -> list[redflag.WindowMonth]:
    """The month's windows as ranking rows (one query over the cached sheet totals)."""
    import json

    out = []
    for s in db.session.execute(
        db.select(
            ScoreSheet.window_id,
            ScoreSheet.window_name,
            ScoreSheet.total,
            ScoreSheet.deductions,
            ScoreSheet.vetoed,
            ScoreSheet.facts_json,
            ScoreSheet.breakdown_json,
            ScoreSheet.bonus,
        ).where(ScoreSheet.month_id == month_id)
    ).all():
        facts = json.loads(s.facts_json or "{}")
        out.append(
            redflag.WindowMonth(
                s.window_id,
                s.window_name,
                s.total,
                s.deductions,
                s.vetoed,
                int(facts.get("valid_complaints", 0)),
                int(facts.get("red_cases", 0)),
                int(facts.get("unresolved_bad_ratings", 0)),
                int(facts.get("case_volume", 0)),
                json.loads(s.breakdown_json or "{}"),
                s.bonus or 0.0,
            )
        )
    return out


def _month(year: int, month: int) -> AssessmentMonth | None:
    return db.session.scalar(db.select(AssessmentMonth).filter_by(year=year, month=month))


def last_places(year: int, month: int, rules) -> list[int]:
    m = _month(year, month)
    if m is None:
        return []
    return redflag.select_month(rows_of(m.id), rules).last_place


def outcome(month: AssessmentMonth) -> redflag.MonthOutcome:
    """The month's ranking and flags by its own scheme's rules (barring last month's last place)."""
    rules = month.scheme_version.scheme.red_flag
    before = last_places(*_prev(month.year, month.month), rules)
    return redflag.select_month(rows_of(month.id), rules, before)


def warnings(month: AssessmentMonth, out: redflag.MonthOutcome | None = None) -> dict[int, tuple[int, str]]:
    """Last-place warnings for the windows last this month (2 running → internal, 3 → department)."""
    rules = month.scheme_version.scheme.red_flag
    out = out or outcome(month)
    seq = [out.last_place]
    y, mo = month.year, month.month
    for _ in range(max(rules.last_place_department, rules.last_place_internal) - 1):
        y, mo = _prev(y, mo)
        seq.insert(0, last_places(y, mo, rules))
    return redflag.last_place_warnings(seq, rules)


def final_months(year: int) -> list[AssessmentMonth]:
    return list(
        db.session.scalars(
            db.select(AssessmentMonth).filter_by(year=year, status=FINAL).order_by(AssessmentMonth.month)
        )
    )


def period_result(year: int, months: list[int], annual: bool, rules) -> list[redflag.PeriodRow] | None:
    """Quarter or year flags by average, once every month of the period is final."""
    finals = {m.month: m for m in final_months(year)}
    if any(mo not in finals for mo in months):
        return None
    rows = [rows_of(finals[mo].id) for mo in months]
    lasts = [redflag.select_month(r, rules).last_place for r in rows]
    n_windows = len({r.window_id for month in rows for r in month})
    n = (rules.year_n if annual else rules.quarter_n) or redflag.flag_quota(n_windows, rules)
    return redflag.period_flags(rows, lasts, n, rules, annual=annual)


@dataclass
class YearFlags:
    year: int
    windows: list[tuple[int, str]]  # (window_id, name)
    grid: dict  # window_id -> {month: FlagAward}
    quarters: dict  # window_id -> [quarter numbers]
    annual: list[FlagAward]
    histories: dict  # window_id -> redflag.FlagHistory


def year_flags(year: int) -> YearFlags:
    flags = list(
        db.session.scalars(db.select(FlagAward).filter_by(year=year, revoked=False).order_by(FlagAward.number))
    )
    grid: dict = {}
    quarters: dict = {}
    names: dict = {}
    annual = []
    for f in flags:
        names.setdefault(f.window_id, f.window_name)
        if f.period == "month":
            grid.setdefault(f.window_id, {})[f.number] = f
        elif f.period == "quarter":
            quarters.setdefault(f.window_id, []).append(f.number)
        else:
            annual.append(f)
    months = [m.month for m in final_months(year)]
    keys = [f"{year}-{mo:02d}" for mo in months]
    per_month = [[w for w, g in grid.items() if mo in g] for mo in months]
    rules = None
    fm = final_months(year)
    if fm:
        rules = fm[-1].scheme_version.scheme.red_flag
    hist = redflag.histories(keys, per_month, rules or redflag.RedFlagRules())
    windows = sorted(names.items(), key=lambda kv: natural_key(kv[1]))
    return YearFlags(year, windows, grid, quarters, annual, hist)


def window_history(window_id: int) -> redflag.FlagHistory | None:
    """The window's monthly flags over every final month (streaks run across year ends)."""
    finals = db.session.execute(
        db.select(AssessmentMonth.id, AssessmentMonth.year, AssessmentMonth.month)
        .filter_by(status=FINAL)
        .order_by(AssessmentMonth.year, AssessmentMonth.month)
    ).all()
    flagged = set(
        db.session.scalars(db.select(FlagAward.month_id).filter_by(window_id=window_id, period="month", revoked=False))
    )
    if not finals:
        return None
    last = db.session.scalar(
        db.select(AssessmentMonth)
        .filter_by(status=FINAL)
        .order_by(AssessmentMonth.year.desc(), AssessmentMonth.month.desc())
        .limit(1)
    )
    rules = last.scheme_version.scheme.red_flag
    keys = [f"{y}-{m:02d}" for _id, y, m in finals]
    per_month = [[window_id] if mid in flagged else [] for mid, _y, _m in finals]
    return redflag.histories(keys, per_month, rules).get(window_id)
