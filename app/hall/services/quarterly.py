"""季评公示 (seed 002) and the 效能监督员 register.

Each quarter every open window is rated by the public (the quarter's counted ratings: 整体满意度,
mean grade / 5 × 100, excluded ratings left out) and by the efficiency supervisors (the mean of
their visit scores, 0–100). `refresh` freezes the figures into a draft; `publish` issues the
notice number and opens the 公示 (5 working days *(default)*), during which a window may appeal;
an upheld appeal sets a corrected score and the places are recounted; `finalize` after the 公示
with no appeal pending."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select

from ...audit.services import record
from ...centers.queries import current_center_name
from ...extensions import db
from ...kernel import check_version, flush, require
from ...records.models import Rating, Window
from ...records.queries import active_windows
from ..logic import quarterly as rules
from ..logic import ratings as rating_rules
from ..models import QuarterAppeal, QuarterReview, Supervisor, SupervisorVisit
from .common import HallError, require_window, setting

DRAFT, PUBLICITY, FINAL = "draft", "publicity", "final"
STATUS_LABELS = {DRAFT: "草稿", PUBLICITY: "公示中", FINAL: "已定稿"}


# ------------------------------------------------------------------------------ 效能监督员


def appoint(user, name: str, affiliation: str, phone: str, appointed_on: date, term_ends_on: date | None) -> Supervisor:
    require(user, "hall.manage")
    if not (name or "").strip():
        raise HallError("请填写监督员姓名。")
    if term_ends_on and term_ends_on <= appointed_on:
        raise HallError("聘期结束日期应晚于聘任日期。")
    s = Supervisor(
        name=name.strip()[:40],
        affiliation=(affiliation or "").strip()[:120],
        phone=(phone or "")[:40],
        appointed_on=appointed_on,
        term_ends_on=term_ends_on,
        created_by_id=user.id,
    )
    db.session.add(s)
    flush()
    record(
        user,
        "create",
        "hall_supervisors",
        s.id,
        {"name": s.name, "affiliation": s.affiliation, "appointed_on": appointed_on.isoformat()},
    )
    return s


def end_term(user, s: Supervisor, on: date, reason: str, version) -> Supervisor:
    require(user, "hall.manage")
    check_version(s, version)
    if s.ended_on:
        raise HallError("该监督员已解聘。")
    if not (reason or "").strip():
        raise HallError("请写明解聘原因。")
    s.ended_on, s.end_reason = on, reason.strip()[:200]
    flush()
    record(user, "update", "hall_supervisors", s.id, {"step": "end", "on": on.isoformat(), "reason": s.end_reason})
    return s


def serving(s: Supervisor, on: date) -> bool:
    return (
        s.appointed_on <= on
        and (s.ended_on is None or s.ended_on > on)
        and (s.term_ends_on is None or s.term_ends_on >= on)
    )


def record_visit(user, s: Supervisor, window_id: int, visited_on: date, score, findings: str) -> SupervisorVisit:
    """明察暗访: a supervisor's visit to a window with findings and a score 0–100."""
    require(user, "hall.manage")
    if not serving(s, visited_on):
        raise HallError("该日期不在监督员聘期内。")
    if db.session.get(Window, window_id) is None:
        raise HallError("请选择被走访的窗口。")
    try:
        value = int(score)
    except (TypeError, ValueError):
        raise HallError("评分应为 0 至 100 的整数。") from None
    if not 0 <= value <= 100:
        raise HallError("评分应为 0 至 100 的整数。")
    if not (findings or "").strip():
        raise HallError("请记录走访发现的情况。")
    v = SupervisorVisit(
        supervisor_id=s.id,
        window_id=window_id,
        visited_on=visited_on,
        score=value,
        findings=findings.strip(),
        created_by_id=user.id,
    )
    db.session.add(v)
    flush()
    record(
        user,
        "create",
        "hall_supervisor_visits",
        v.id,
        {"supervisor": s.name, "window_id": window_id, "visited_on": visited_on.isoformat(), "score": value},
    )
    return v


# ------------------------------------------------------------------------------------ 季评


def figures(year: int, quarter: int) -> tuple[list[dict], dict]:
    """The quarter's ranked rows (window, public, supervisors, combined, place) and totals."""
    first, last = rules.quarter_bounds(year, quarter)
    windows = {w.id: w for w in active_windows(last)}
    grades = defaultdict(list)
    for w, g in db.session.execute(
        select(Rating.window_id, Rating.grade).where(
            Rating.voided_at.is_(None), Rating.excluded_kind.is_(None), Rating.rated_on.between(first, last)
        )
    ):
        grades[w].append((g, None, None, None))
    visits = defaultdict(list)
    for w, score in db.session.execute(
        select(SupervisorVisit.window_id, SupervisorVisit.score).where(
            SupervisorVisit.visited_on.between(first, last), SupervisorVisit.score.is_not(None)
        )
    ):
        visits[w].append(score)
    scores = {}
    for wid in windows:
        public = rating_rules.indicators(grades.get(wid, [])).overall
        sup = round(sum(visits[wid]) / len(visits[wid]), 1) if visits.get(wid) else None
        scores[wid] = (public, sup)
    weight = setting("HALL_QUARTER_PUBLIC_WEIGHT", rules.PUBLIC_WEIGHT)
    ranked = rules.rank(scores, weight)
    rows = [
        {
            "window_id": r.window_id,
            "window": windows[r.window_id].label,
            "public": r.public,
            "supervisors": r.supervisors,
            "combined": r.combined,
            "place": r.place,
        }
        for r in ranked
    ]
    # 进驻单位: the same two scores over all of a department's windows, ranked among departments
    by_dept: dict[int, list[int]] = defaultdict(list)
    for wid, w in windows.items():
        by_dept[w.department_id].append(wid)
    dept_scores = {}
    for dept_id, wids in by_dept.items():
        public = rating_rules.indicators([g for w in wids for g in grades.get(w, [])]).overall
        marks = [v for w in wids for v in visits.get(w, [])]
        dept_scores[dept_id] = (public, round(sum(marks) / len(marks), 1) if marks else None)
    names = {w.department_id: (w.department.name if w.department else "") for w in windows.values()}
    departments = [
        {
            "department_id": r.window_id,
            "department": names[r.window_id],
            "public": r.public,
            "supervisors": r.supervisors,
            "combined": r.combined,
            "place": r.place,
        }
        for r in rules.rank(dept_scores, weight)
    ]
    totals = {
        "ratings": sum(len(v) for v in grades.values()),
        "visits": sum(len(v) for v in visits.values()),
        "supervisors": db.session.scalar(
            select(func.count(func.distinct(SupervisorVisit.supervisor_id))).where(
                SupervisorVisit.visited_on.between(first, last)
            )
        )
        or 0,
    }
    totals["departments"] = departments
    return rows, totals


def review_of(year: int, quarter: int) -> QuarterReview | None:
    return db.session.scalar(select(QuarterReview).where(QuarterReview.year == year, QuarterReview.quarter == quarter))


def refresh(user, year: int, quarter: int, today: date) -> QuarterReview:
    """Compute (or recompute, while a draft) the quarter's results from the records."""
    require(user, "hall.manage")
    try:
        _, last = rules.quarter_bounds(year, quarter)
    except ValueError as exc:
        raise HallError(str(exc)) from exc
    if last >= today:
        raise HallError("该季度尚未结束，季度结束后才能测评。")
    review = review_of(year, quarter)
    if review is not None and review.status != DRAFT:
        raise HallError("该季度结果已公示，不能重新计算。")
    rows, totals = figures(year, quarter)
    if review is None:
        review = QuarterReview(year=year, quarter=quarter, status=DRAFT, created_by_id=user.id)
        db.session.add(review)
    review.results = {"rows": rows, "departments": totals.pop("departments"), "totals": totals}
    flush()
    record(
        user,
        "update",
        "hall_quarter_reviews",
        review.id,
        {
            "year": year,
            "quarter": quarter,
            "windows": len(rows),
            "ratings": totals["ratings"],
            "visits": totals["visits"],
        },
    )
    return review


def publish(user, review: QuarterReview, on: date, version) -> QuarterReview:
    require(user, "hall.manage")
    check_version(review, version)
    if review.status != DRAFT:
        raise HallError("该季度结果已公示。")
    prefix = _center_prefix()
    seq = (
        db.session.scalar(
            select(func.count())
            .select_from(QuarterReview)
            .where(QuarterReview.notice_number.like(f"{prefix}〔{on.year}〕%"))
        )
        or 0
    ) + 1
    review.notice_number = f"{prefix}〔{on.year}〕{seq}号"
    review.status, review.published_on = PUBLICITY, on
    review.publicity_end = rules.publicity_end(on, setting("HALL_QUARTER_PUBLICITY_WORKDAYS", rules.PUBLICITY_WORKDAYS))
    flush()
    record(
        user,
        "update",
        "hall_quarter_reviews",
        review.id,
        {"step": "publish", "number": review.notice_number, "publicity_end": review.publicity_end.isoformat()},
    )
    return review


def _center_prefix() -> str:
    from flask import current_app

    return current_app.config.get("HALL_QUARTER_PREFIX", "示范服季评")


def appeals_of(review_id: int) -> list[QuarterAppeal]:
    return db.session.scalars(
        select(QuarterAppeal).where(QuarterAppeal.review_id == review_id).order_by(QuarterAppeal.id)
    ).all()


def appeal(user, review: QuarterReview, window_id: int, reason: str, on: date) -> QuarterAppeal:
    """A window appeals its result during the 公示 (window staff: their own window only)."""
    require(user, "hall.desk")
    if review.status != PUBLICITY or review.publicity_end is None or on > review.publicity_end:
        raise HallError("只能在公示期内提出申诉。")
    if window_id not in {r["window_id"] for r in review.results.get("rows", [])}:
        raise HallError("该窗口不在本季度测评结果中。")
    require_window(user, window_id, on, "hall_quarter_reviews", review.id, "appeal")
    if not (reason or "").strip():
        raise HallError("请写明申诉理由。")
    a = QuarterAppeal(review_id=review.id, window_id=window_id, reason=reason.strip(), filed_on=on, filed_by_id=user.id)
    db.session.add(a)
    flush()
    record(
        user, "create", "hall_quarter_appeals", a.id, {"review": review.id, "window_id": window_id, "reason": a.reason}
    )
    return a


def decide_appeal(user, a: QuarterAppeal, upheld: bool, note: str, on: date, corrected_score=None) -> QuarterAppeal:
    require(user, "hall.manage")
    if a.decision:
        raise HallError("该申诉已复核。")
    if not (note or "").strip():
        raise HallError("请写明复核意见。")
    review = db.session.get(QuarterReview, a.review_id)
    if upheld:
        try:
            score = round(float(corrected_score), 1)
        except (TypeError, ValueError):
            raise HallError("申诉成立时请填写更正后的综合得分（0 至 100）。") from None
        if not 0 <= score <= 100:
            raise HallError("申诉成立时请填写更正后的综合得分（0 至 100）。")
        a.corrected_score = score
        rows = [dict(r) for r in review.results["rows"]]
        for r in rows:
            if r["window_id"] == a.window_id:
                r["combined"], r["corrected"] = score, True
        rows.sort(
            key=lambda r: (r["combined"] is None, -(r["combined"] or 0), -(r["supervisors"] or 0), r["window_id"])
        )
        place = 0
        for r in rows:
            place = place + 1 if r["combined"] is not None else None
            r["place"] = place
        review.results = {**review.results, "rows": rows}
    a.decision, a.decision_note, a.decided_on, a.decided_by_id = (
        ("upheld" if upheld else "rejected"),
        note.strip(),
        on,
        user.id,
    )
    flush()
    record(
        user,
        "update",
        "hall_quarter_appeals",
        a.id,
        {"decision": a.decision, "note": a.decision_note, "corrected_score": a.corrected_score},
    )
    return a


def finalize(user, review: QuarterReview, on: date, version) -> QuarterReview:
    require(user, "hall.manage")
    check_version(review, version)
    if review.status != PUBLICITY:
        raise HallError("只有公示中的结果可以定稿。")
    if on <= review.publicity_end:
        raise HallError(f"公示期至 {review.publicity_end:%Y-%m-%d}，期满后才能定稿。")
    if any(a.decision is None for a in appeals_of(review.id)):
        raise HallError("尚有未复核的申诉，复核完毕后才能定稿。")
    review.status = FINAL
    flush()
    record(user, "update", "hall_quarter_reviews", review.id, {"step": "final"})
    return review


def notice_docx(review: QuarterReview):
    from ..logic.notices import quarter_notice

    totals = review.results.get("totals", {})
    return quarter_notice(
        current_center_name(),
        review.notice_number or "（未编号）",
        review.year,
        review.quarter,
        review.results.get("rows", []),
        review.published_on,
        review.publicity_end,
        totals.get("supervisors", 0),
        totals.get("visits", 0),
        totals.get("ratings", 0),
        departments=review.results.get("departments", []),
    )
