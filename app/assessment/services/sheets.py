"""Use cases of the score sheets: open a month, add and void entries, proposals from the
records. Each takes the acting user, checks the permission, writes the audit trail and flushes;
the request (or the CLI command, or the test) commits. The month's workflow (submit, lock,
appeals, final, reopen) is in monthflow.py."""

from __future__ import annotations

import calendar
import json
import os
import uuid
from dataclasses import replace
from datetime import date

from flask import current_app

from ...audit.services import record, record_now
from ...core.timeutil import local_today, utcnow
from ...extensions import db
from ...kernel import SAME_TRANSACTION, PermissionDenied
from ..logic import charging, scoring
from ..logic import workflow as wf
from ..logic.ordering import by_window_number
from ..models import ACCEPTED, PROPOSED, REJECTED, VOID, AssessmentMonth, ScoreEntry, ScoreSheet
from ..queries import articles
from ..queries import records as sources
from ..queries.months import get_month, result, scheme_of
from ..queries.scheme_versions import scheme_version_in_force
from .common import AssessmentError, check_version, flush, require

ALLOWED_ATTACHMENTS = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
MAX_ATTACHMENT_MB = 10


# ---------------------------------------------------------------------- months


def open_month(user, year: int, month: int, today: date | None = None) -> AssessmentMonth:
    """Open a month for scoring once it has begun: it is scored by the scheme in force on its
    first day, fixed now, so a later change of the scheme never changes this month. One sheet per
    window open during the month."""
    require(user, "assessment.score")
    if not (2000 <= int(year) <= 2100 and 1 <= int(month) <= 12):
        raise AssessmentError("请选择有效的年份和月份。")
    if blocker := wf.open_blocker(year, month, today or local_today()):
        raise AssessmentError(blocker)
    if get_month(year, month) is not None:
        raise AssessmentError(f"{year}年{month}月的考核已经开启。")
    first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    sv = scheme_version_in_force(first)
    if sv is None:
        raise AssessmentError(
            f"{year}年{month}月1日没有生效的考核细则（SF-ZD-017）或该版本没有考核方案，不能开启考核。"
        )
    m = AssessmentMonth(year=year, month=month, scheme_version_id=sv.id, status=wf.OPEN, opened_by_id=user.id)
    db.session.add(m)
    db.session.flush()
    windows = {w.id: w for w in sources.active_windows(first)}
    windows.update({w.id: w for w in sources.active_windows(last)})
    for w in windows.values():
        db.session.add(
            ScoreSheet(
                month_id=m.id,
                window_id=w.id,
                window_name=w.name,
                department_name=w.department,
                breakdown_json=json.dumps({c.code: 0 for c in sv.scheme.categories}),
            )
        )
    record(user, "create", "assessment_month", m.id, {"month": m.key, "scheme_version": sv.id, "windows": len(windows)})
    flush()
    return m


# ---------------------------------------------------------------------- scoring a sheet


def recompute(user, sheet: ScoreSheet) -> scoring.SheetResult:
    """Rewrite the sheet's cached totals from the one scoring function."""
    res = result(sheet)
    sheet.total, sheet.deductions, sheet.bonus, sheet.vetoed = res.total, res.deductions, res.bonus, res.vetoed
    sheet.breakdown_json = json.dumps(res.breakdown())
    sheet.updated_by_id = getattr(user, "id", None)
    sheet.updated_at = utcnow()
    return res


def _editable(sheet: ScoreSheet) -> None:
    month = sheet.month
    if month.status not in (wf.OPEN, wf.SCORING):
        raise AssessmentError(f"{month.label}考核{wf.STATE_LABELS[month.status]}，评分表不能修改。")


def _start_scoring(month: AssessmentMonth) -> None:
    month.status = wf.check(month.status, "score")


def save_attachment(upload) -> tuple[str, str] | None:
    """Store an uploaded evidence file under UPLOAD_DIR/assessment; checks type and size."""
    if upload is None or not getattr(upload, "filename", ""):
        return None
    name = os.path.basename(upload.filename.replace("\\", "/"))
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_ATTACHMENTS:
        raise AssessmentError("附件只能是 PDF、PNG、JPG、DOCX 或 XLSX 文件。")
    data = upload.read(MAX_ATTACHMENT_MB * 1024 * 1024 + 1)
    if len(data) > MAX_ATTACHMENT_MB * 1024 * 1024:
        raise AssessmentError(f"附件不能超过 {MAX_ATTACHMENT_MB} MB。")
    if not data:
        raise AssessmentError("附件是空文件。")
    if not any(data.startswith(magic) for magic in ALLOWED_ATTACHMENTS[ext]):
        raise AssessmentError("附件内容与扩展名不符，已拒绝。")
    folder = os.path.join(current_app.config["UPLOAD_DIR"], "assessment")
    os.makedirs(folder, exist_ok=True)
    stored = uuid.uuid4().hex + ext
    with open(os.path.join(folder, stored), "wb") as fh:
        fh.write(data)
    return stored, name


def attachment_path(entry: ScoreEntry) -> str | None:
    if not entry.attachment_path:
        return None
    return os.path.join(current_app.config["UPLOAD_DIR"], "assessment", os.path.basename(entry.attachment_path))


def evidence_path(user, entry: ScoreEntry) -> str | None:
    """The stored evidence file of `entry` for `user`, None when there is none. Window staff see only
    their own window's (issue 12): a refusal goes on the trail at once (it outlives the request's
    rollback) and is raised."""
    try:
        require(user, "assessment.evidence", entry.sheet)
    except PermissionDenied:
        details = {"permission": "assessment.evidence", "window": entry.sheet.window_name}
        record_now(user, "denied", "assessment_entry", entry.id, details)
        raise
    path = attachment_path(entry)
    return path if path and os.path.isfile(path) else None


def citation_day(month: AssessmentMonth, occurred_on: date | None) -> date:
    """The day whose rule version an entry cites: its date, else the month's last day (not after today)."""
    if occurred_on is not None:
        return occurred_on
    return min(date(month.year, month.month, calendar.monthrange(month.year, month.month)[1]), local_today())


def cite(month: AssessmentMonth, occurred_on: date | None, typed: str, default: str) -> tuple[str, int | None, str]:
    """(label, rule version id, article text) of an entry's basis. A citation typed (or chosen)
    by the evaluator must name an article of the rule version in force on the entry's date; left
    empty, the scheme item's own article is cited (with its text when that version has it)."""
    day = citation_day(month, occurred_on)
    typed = (typed or "").strip()
    if typed:
        found = articles.resolve(typed, day)
        if found is None:
            raise AssessmentError(
                f"依据条款“{typed}”在{day.year}年{day.month}月{day.day}日施行的制度中找不到，"
                "请从条款列表中选择（如 SF-ZD-017 第十条）。"
            )
        return found.label, found.version.id, found.text
    found = articles.resolve(default, day) if default else None
    return (found.label, found.version.id, found.text) if found else ((default or "").strip(), None, "")


def add_entry(
    user,
    sheet: ScoreSheet,
    row_version,
    item_code: str,
    count: float,
    points: float | None = None,
    occurred_on: date | None = None,
    note: str = "",
    article: str = "",
    staff_id: int | None = None,
    staff_name: str = "",
    upload=None,
) -> ScoreEntry:
    """Add a deduction, bonus or veto to a sheet. Refused when someone saved the sheet since the
    form was loaded (nothing is lost: their entry stays, this one is not written)."""
    require(user, "assessment.score")
    _editable(sheet)
    check_version(sheet, row_version)
    scheme = scheme_of(sheet.month)
    found = scheme.item_index().get(item_code)
    if found is None:
        raise AssessmentError("请选择考核项目。")
    kind, item = found
    note = (note or "").strip()
    if not note:
        raise AssessmentError("请填写事实依据（时间、人员、经过）。")
    if blocker := wf.entry_date_blocker(sheet.month.year, sheet.month.month, occurred_on, local_today()):
        raise AssessmentError(blocker)
    if kind == "veto":
        count, points = 1, None
    elif item.max_points and item.max_points != item.points and points is None:
        raise AssessmentError(
            f"“{item.name}”是区间项目（{item.points_text('+' if kind == 'bonus' else '−')}），请填写每次分值。"
        )
    scoring.score_sheet(scheme, [scoring.Entry(item_code, count, points)])  # validates count and range
    label, cited_version, cited_text = cite(sheet.month, occurred_on, article, item.article)
    stored = save_attachment(upload)
    entry = ScoreEntry(
        sheet=sheet,
        item_code=item.code,
        item_name=item.name,
        count=count,
        points=points,
        occurred_on=occurred_on,
        note=note,
        article=label,
        article_version_id=cited_version,
        article_text=cited_text,
        staff_id=staff_id,
        staff_name=staff_name or "",
        status=ACCEPTED,
        created_by_id=user.id,
        attachment_path=stored[0] if stored else None,
        attachment_name=stored[1] if stored else None,
    )
    db.session.add(entry)
    _start_scoring(sheet.month)
    db.session.flush()
    res = recompute(user, sheet)
    record(
        user,
        "create",
        "assessment_entry",
        entry.id,
        {
            "sheet": sheet.id,
            "window": sheet.window_name,
            "item": item.code,
            "count": count,
            "points": points,
            "total": res.total,
        },
    )
    flush()
    return entry


def void_entry(user, entry: ScoreEntry, reason: str, row_version) -> ScoreEntry:
    """Withdraw an entry with a reason (never deleted)."""
    require(user, "assessment.score")
    sheet = entry.sheet
    _editable(sheet)
    check_version(sheet, row_version)
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError("请填写作废原因。")
    if entry.status == VOID:
        raise AssessmentError("该记录已经作废。")
    entry.status, entry.decision_reason = VOID, reason
    entry.decided_by_id, entry.decided_at = user.id, utcnow()
    _start_scoring(sheet.month)
    res = recompute(user, sheet)
    record(user, "void", "assessment_entry", entry.id, {"sheet": sheet.id, "reason": reason, "total": res.total})
    flush()
    return entry


# ---------------------------------------------------------------------- proposals from the records
def propose(user, sheet: ScoreSheet, row_version=SAME_TRANSACTION) -> int:
    """Read the window's month from the records and add what they suggest as proposals (an
    evaluator accepts or rejects each). Proposals already made are not repeated. Returns how
    many are new."""
    require(user, "assessment.score")
    _editable(sheet)
    check_version(sheet, row_version)
    month = sheet.month
    scheme = scheme_of(month)
    by_source = scheme.items_by_source()
    figures = sources.month_figures(sheet.window_id, month.year, month.month)
    proposals = figures.proposals
    if scheme.one_charge_per_case:  # the scheme version's rule: one case, one charge (the heaviest)
        proposals = charging.charge_each_case_once(
            proposals, {src: (i.code, i.name, i.points) for src, i in by_source.items()}
        )
    seen = {(e.source, e.staff_id, e.note) for e in sheet.entries if e.source}
    # A case already behind an earlier proposal of the same source (not rejected or void) is not
    # proposed again when the month is read a second time (a later reading finds more cases).
    charged = {
        (e.source, ev["id"])
        for e in sheet.entries
        if e.source and e.status in (ACCEPTED, PROPOSED)
        for ev in e.evidence
        if ev["kind"] == "case"
    }
    proposals = [_without_cases(p, charged) for p in proposals]
    new = 0
    for p in proposals:
        if p is None:
            continue
        item = by_source.get(p.source)
        if item is None or (p.source, p.staff_id, p.note) in seen:
            continue
        seen.add((p.source, p.staff_id, p.note))
        label, cited_version, cited_text = cite(month, p.occurred_on, "", item.article)
        db.session.add(
            ScoreEntry(
                sheet=sheet,
                item_code=item.code,
                item_name=item.name,
                count=p.count,
                occurred_on=p.occurred_on,
                note=p.note,
                article=label,
                article_version_id=cited_version,
                article_text=cited_text,
                staff_id=p.staff_id,
                staff_name=p.staff_name,
                status=PROPOSED,
                source=p.source,
                created_by_id=user.id,
                evidence_json=json.dumps(p.evidence, ensure_ascii=False),
            )
        )
        new += 1
    sheet.facts_json = json.dumps(figures.facts())
    sheet.proposals_at = utcnow()
    _start_scoring(month)
    record(
        user,
        "create",
        "assessment_proposals",
        sheet.id,
        {"window": sheet.window_name, "new": new, "facts": figures.facts()},
    )
    flush()
    return new


def _without_cases(p, charged: set):
    """`p` without the cases already charged under its source; None when none is left."""
    cases = [ev for ev in p.evidence if ev["kind"] == "case"]
    if not cases:
        return p
    left = [ev for ev in cases if (p.source, ev["id"]) not in charged]
    if len(left) == len(cases):
        return p
    if not left:
        return None
    return replace(
        p, count=len(left), evidence=left, note=f"{p.note}（另 {len(cases) - len(left)} 件已在此前的建议中，不再重复）"
    )


def propose_all(user, month: AssessmentMonth, row_version=SAME_TRANSACTION) -> list[tuple[str, int]]:
    """Proposals for every window of the month in one step; [(window, new proposals)] in window
    number order."""
    require(user, "assessment.score")
    check_version(month, row_version)
    if month.status not in (wf.OPEN, wf.SCORING):
        raise AssessmentError(f"{month.label}考核{wf.STATE_LABELS[month.status]}，不能再生成建议。")
    return [(sheet.window_name, propose(user, sheet, SAME_TRANSACTION)) for sheet in by_window_number(month.sheets)]


def decide_proposal(user, entry: ScoreEntry, accept: bool, reason: str, row_version) -> ScoreEntry:
    """Accept a proposal into the score, or reject it with a reason."""
    require(user, "assessment.score")
    sheet = entry.sheet
    _editable(sheet)
    check_version(sheet, row_version)
    if entry.status != PROPOSED:
        raise AssessmentError("该建议已经处理过了。")
    reason = (reason or "").strip()
    if not accept and not reason:
        raise AssessmentError("驳回系统建议时必须填写理由。")
    entry.status = ACCEPTED if accept else REJECTED
    entry.decision_reason = reason
    entry.decided_by_id, entry.decided_at = user.id, utcnow()
    res = recompute(user, sheet)
    record(
        user,
        "accept" if accept else "reject",
        "assessment_entry",
        entry.id,
        {"sheet": sheet.id, "item": entry.item_code, "reason": reason, "total": res.total},
    )
    flush()
    return entry


def refresh_facts(sheet: ScoreSheet) -> None:
    """The red-flag facts (valid complaints, red lights, unresolved bad ratings, case volume)."""
    month = sheet.month
    sheet.facts_json = json.dumps(sources.month_figures(sheet.window_id, month.year, month.month).facts())
