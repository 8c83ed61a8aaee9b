"""好差评 closed loop after GB/T 39734-2020 / GB/T 39735-2020 and 国办发〔2019〕51号.

- Five grades: 非常满意 5 … 非常不满意 1; one rating per case (一次一评).
- Indicators per window and month, each on 0–100: 整体满意度 and the three sub-scores 服务效率,
  服务水平, 服务态度 = mean grade / 5 × 100 *(choice: the standards name the indicators, the
  center fixes the formula)*; 满意率 = share of ratings ≥ 3 (基本满意 and better).
- A 差评 (≤ 2) is classified, verified (a mistaken or malicious rating may be excluded with a
  reason, audited), rectified within 15 working days *(default; some provinces use 5)*, called
  back (回访) with the rater's answer; the window may ask for 申诉复核.
- 差评整改率 = bad ratings rectified on time / upheld bad ratings that were due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...core.workdays import add_workdays

GRADES = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
BAD_AT_MOST = 2
RECTIFY_WITHIN = 15
CATEGORIES = {
    "attitude": "服务态度",
    "efficiency": "办事效率",
    "competence": "业务水平",
    "materials": "材料要求（重复提交、要求不清）",
    "system": "系统或设备故障",
    "policy": "政策规定本身",
    "other": "其他",
}
EXCLUSION_REASONS = {"mistaken": "误评", "malicious": "恶意差评", "unrelated": "与服务无关"}


def is_bad(grade: int) -> bool:
    return int(grade) <= BAD_AT_MOST


def rectify_due(verified_on: date, within: int = RECTIFY_WITHIN) -> date:
    return add_workdays(verified_on, within)


@dataclass(frozen=True)
class Indicators:
    count: int
    overall: float | None
    efficiency: float | None
    competence: float | None
    attitude: float | None
    satisfied_rate: float | None
    bad: int


def _score(values) -> float | None:
    values = [v for v in values if v]
    return round(sum(values) / len(values) / 5 * 100, 1) if values else None


def indicators(rows: list[tuple[int, int | None, int | None, int | None]]) -> Indicators:
    """rows: (grade, efficiency, competence, attitude) of the counted (not excluded) ratings."""
    n = len(rows)
    return Indicators(
        n,
        _score(r[0] for r in rows),
        _score(r[1] for r in rows),
        _score(r[2] for r in rows),
        _score(r[3] for r in rows),
        round(sum(1 for r in rows if r[0] >= 3) / n * 100, 1) if n else None,
        sum(1 for r in rows if is_bad(r[0])),
    )


def rectification_rate(items: list[tuple[date, date | None]], today: date) -> float | None:
    """items: (rectify_due_on, rectified_on) of upheld bad ratings; only those due by today count."""
    due = [(d, r) for d, r in items if d <= today or r is not None]
    if not due:
        return None
    on_time = sum(1 for d, r in due if r is not None and r <= d)
    return round(on_time / len(due) * 100, 1)
