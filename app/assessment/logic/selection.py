"""服务标兵 (service-model staff): eligibility, ballot counting, weighted scores and the quota.
Pure: no Flask, no database."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .schemes import ExemplarRules


@dataclass(frozen=True)
class StaffFacts:
    staff_id: int
    name: str
    window_id: int
    personal_score: float
    full_marks: bool = False
    valid_complaints: int = 0
    absences: int = 0  # 旷工 (absence without leave), any amount bars
    late: int = 0  # late or early-leave marks in the period
    late_year: int = 0  # in the calendar year so far


def eligibility(f: StaffFacts, rules: ExemplarRules) -> list[str]:
    """Reasons the person is not eligible (empty = eligible)."""
    reasons = []
    if not (f.full_marks or f.personal_score >= rules.min_score):
        reasons.append(f"个人得分 {f.personal_score:g} 低于 {rules.min_score:g} 分")
    if f.valid_complaints:
        reasons.append("有有效投诉")
    if f.absences:
        reasons.append("有旷工记录")
    if f.late > rules.max_late:
        reasons.append(f"迟到早退 {f.late} 次，超过 {rules.max_late} 次")
    if rules.year_max_late and f.late_year >= rules.year_max_late:
        reasons.append(f"本年度迟到早退已达 {f.late_year} 次")
    return reasons


def quota(staff_on_duty: int, windows: int, rules: ExemplarRules) -> int:
    """≤ quota_share of the staff on duty (rounded down), at least quota_min, and never more
    than one per window allows."""
    if staff_on_duty <= 0:
        return 0
    n = max(rules.quota_min, math.floor(staff_on_duty * rules.quota_share + 1e-9))
    if rules.per_window:
        n = min(n, windows * rules.per_window)
    return min(n, staff_on_duty)


def count_ballots(choices: Iterable[int], candidates: Iterable[int]) -> dict[int, int]:
    """Votes per candidate; every candidate appears (0 when nobody chose them); choices that
    name no candidate are ignored (spoilt)."""
    cands = list(candidates)
    counts = Counter(c for c in choices if c in set(cands))
    return {c: counts.get(c, 0) for c in cands}


@dataclass
class Candidate:
    nomination_id: int
    staff_id: int
    name: str
    window_id: int
    monthly_score: float  # 0–100 (above 100 with bonuses is capped at 100)
    votes: int = 0
    public_score: float = 0.0  # 0–100
    leader_score: float = 0.0  # 0–100
    eligible_reasons: list[str] = field(default_factory=list)
    ballot_score: float = 0.0
    combined: float = 0.0
    selected: bool = False
    rank: int = 0
    note: str = ""


def combine(
    candidates: Sequence[Candidate], voters: int, rules: ExemplarRules, staff_on_duty: int, windows: int
) -> list[Candidate]:
    """Weighted score (40 monthly / 30 ballot / 20 public / 10 leadership by default), then the
    quota in order of the combined score, at most `per_window` per window. The ballot score
    is the share of voters who chose the candidate, × 100."""
    for c in candidates:
        c.selected, c.note = False, ""  # computed afresh on every call
        c.ballot_score = round(100.0 * c.votes / voters, 2) if voters else 0.0
        c.combined = round(
            (
                min(c.monthly_score, 100.0) * rules.w_score
                + c.ballot_score * rules.w_ballot
                + c.public_score * rules.w_public
                + c.leader_score * rules.w_leader
            )
            / 100.0,
            2,
        )
    ordered = sorted(candidates, key=lambda c: (bool(c.eligible_reasons), -c.combined, -c.votes, c.staff_id))
    limit = quota(staff_on_duty, windows, rules)
    per_window: Counter = Counter()
    chosen = 0
    for i, c in enumerate(ordered):
        c.rank = i + 1
        if c.eligible_reasons:
            c.note = "不符合条件：" + "；".join(c.eligible_reasons)
            continue
        if c.votes < rules.min_votes or (voters and c.votes / voters + 1e-9 < rules.min_vote_share):
            need = [f"至少 {rules.min_votes} 票"] if rules.min_votes else []
            need += [f"得票率不低于 {rules.min_vote_share * 100:g}%"] if rules.min_vote_share else []
            c.note = f"民主测评得票不足（{c.votes} 票，当选须{'、'.join(need)}）"
            continue
        if chosen >= limit:
            c.note = "超出名额"
            continue
        if rules.per_window and per_window[c.window_id] >= rules.per_window:
            c.note = "本窗口已有人当选"
            continue
        c.selected = True
        per_window[c.window_id] += 1
        chosen += 1
    return ordered
