"""Quality objectives (ISO 9001 6.2): the measures computed from the records. Pure."""

from __future__ import annotations

from dataclasses import dataclass

# measure code -> (Chinese name, numerator meaning, higher is better)
MEASURES = {
    "on_time_rate": ("按时办结率", "按时办结件数 / 办结件数", True),
    "satisfaction": ("群众满意率", "基本满意及以上评价 / 评价总数", True),
    "complaint_on_time": ("投诉按期办结率", "按期答复的投诉 / 到期的投诉", True),
    "rectify_rate": ("差评整改率", "按期整改的成立差评 / 整改到期的成立差评", True),
    "instant_share": ("即办件占比", "即办件 / 收件数", True),
}


@dataclass(frozen=True)
class MonthValue:
    year: int
    month: int
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """Percent with one decimal, None when nothing was measured that month."""
        return round(self.numerator * 100 / self.denominator, 1) if self.denominator else None


def met(value: float | None, target: float, higher_is_better: bool = True) -> bool | None:
    if value is None:
        return None
    return value >= target if higher_is_better else value <= target


def satisfied(grade: int) -> bool:
    """群众满意率 counts 非常满意, 满意 and 基本满意 (grade ≥ 3) as satisfied (GB/T 39734)."""
    return grade >= 3


def complaint_on_time(replied_on, deadline_on) -> bool:
    """A complaint was handled in time when replied on or before its deadline."""
    return replied_on is not None and deadline_on is not None and replied_on <= deadline_on
