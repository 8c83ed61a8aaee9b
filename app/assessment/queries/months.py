"""Read-only: months, sheets, entries and appeals, and a sheet's score by the one scoring function."""

from __future__ import annotations

import hashlib
import json

from flask import abort

from ...extensions import db
from ..logic import scoring
from ..models import (
    ACCEPTED,
    PENDING,
    PROPOSED,
    Appeal,
    AssessmentMonth,
    FlagAward,
    ScoreEntry,
    ScoreSheet,
)


def get_or_404(model, ident):
    return db.get_or_404(model, ident)


def get_month(year: int, month: int) -> AssessmentMonth | None:
    return db.session.scalar(db.select(AssessmentMonth).filter_by(year=year, month=month))


def month_or_404(year: int, month: int) -> AssessmentMonth:
    m = get_month(year, month) if 1 <= month <= 12 else None
    if m is None:
        abort(404)
    return m


def months_desc(limit: int | None = None) -> list[AssessmentMonth]:
    q = db.select(AssessmentMonth).order_by(AssessmentMonth.year.desc(), AssessmentMonth.month.desc())
    if limit:
        q = q.limit(limit)
    return list(db.session.scalars(q))


def month_keys(limit: int = 24) -> list:
    return db.session.execute(
        db.select(AssessmentMonth.year, AssessmentMonth.month)
        .order_by(AssessmentMonth.year.desc(), AssessmentMonth.month.desc())
        .limit(limit)
    ).all()


def scheme_of(month: AssessmentMonth):
    return month.scheme_version.scheme


def to_entry(e: ScoreEntry) -> scoring.Entry:
    return scoring.Entry(e.item_code, e.count, e.points, e.id, e.staff_id, e.staff_name or "")


def accepted(sheet: ScoreSheet) -> list[ScoreEntry]:
    return [e for e in sheet.entries if e.status == ACCEPTED]


def result(sheet: ScoreSheet) -> scoring.SheetResult:
    return scoring.score_sheet(scheme_of(sheet.month), [to_entry(e) for e in accepted(sheet)])


def totals_digest(month: AssessmentMonth) -> str:
    """SHA-256 over the totals being signed (window, total, deductions, bonus, veto)."""
    rows = sorted((s.window_id, s.total, s.deductions, s.bonus, s.vetoed) for s in month.sheets)
    return hashlib.sha256(json.dumps([month.key, rows]).encode()).hexdigest()


def pending_proposals(month: AssessmentMonth) -> int:
    return (
        db.session.scalar(
            db.select(db.func.count(ScoreEntry.id))
            .join(ScoreSheet)
            .where(ScoreSheet.month_id == month.id, ScoreEntry.status == PROPOSED)
        )
        or 0
    )


def pending_proposals_by_sheet(month: AssessmentMonth) -> dict[int, int]:
    return {
        sid: n
        for sid, n in db.session.execute(
            db.select(ScoreEntry.sheet_id, db.func.count(ScoreEntry.id))
            .join(ScoreSheet)
            .where(ScoreSheet.month_id == month.id, ScoreEntry.status == PROPOSED)
            .group_by(ScoreEntry.sheet_id)
        ).all()
    }


def pending_appeals(month: AssessmentMonth) -> int:
    return (
        db.session.scalar(
            db.select(db.func.count(Appeal.id))
            .join(ScoreSheet)
            .where(ScoreSheet.month_id == month.id, Appeal.status == PENDING)
        )
        or 0
    )


def appeals_of_month(month: AssessmentMonth) -> list[Appeal]:
    return list(
        db.session.scalars(
            db.select(Appeal).join(ScoreSheet).where(ScoreSheet.month_id == month.id).order_by(Appeal.id.desc())
        )
    )


def appeals_of_sheet(sheet: ScoreSheet) -> list[Appeal]:
    return list(db.session.scalars(db.select(Appeal).filter_by(sheet_id=sheet.id).order_by(Appeal.id)))


def entry_of_sheet(sheet: ScoreSheet, entry_id) -> ScoreEntry | None:
    entry = db.session.get(ScoreEntry, int(entry_id))
    return entry if entry is not None and entry.sheet_id == sheet.id else None


def window_months(window_id: int, limit: int = 24) -> list:
    """The window's last months (oldest first): year, month, total, sheet id, window name."""
    rows = db.session.execute(
        db.select(AssessmentMonth.year, AssessmentMonth.month, ScoreSheet.total, ScoreSheet.id, ScoreSheet.window_name)
        .join(AssessmentMonth, AssessmentMonth.id == ScoreSheet.month_id)
        .where(ScoreSheet.window_id == window_id)
        .order_by(AssessmentMonth.year.desc(), AssessmentMonth.month.desc())
        .limit(limit)
    ).all()
    return list(reversed(rows))


def window_flags(window_id: int) -> list[FlagAward]:
    return list(
        db.session.scalars(
            db.select(FlagAward)
            .filter_by(window_id=window_id, revoked=False)
            .order_by(FlagAward.year.desc(), FlagAward.period, FlagAward.number.desc())
        )
    )
