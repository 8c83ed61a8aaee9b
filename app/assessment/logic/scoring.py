"""The one function that scores a sheet. Pure: no Flask, no database.

    result = score_sheet(scheme, [Entry("D1", 2), Entry("E4", 1, points=4), Entry("B2", 1)])
    result.total        # 100 − deductions (each category capped at its weight) + bonuses (capped)
    result.vetoed       # True when a veto item (一票否决) was recorded
    result.lines        # the explanation, one sentence per step

Points are kept in hundredths (integers) while adding, so 0.5-point items add up exactly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Iterable

from .schemes import Scheme, _fmt


class ScoringError(ValueError):
    """An entry the scheme cannot score (unknown item, points outside the item's range)."""


@dataclass(frozen=True)
class Entry:
    item_code: str
    count: float = 1
    points: float | None = None  # chosen within a range item's [points, max_points]
    ref: int | str | None = None  # the entry's id, echoed in the explanation
    staff_id: int | None = None  # the person it concerns, for personal scores
    who: str = ""  # the person's name, shown in the explanation


@dataclass
class EntryLine:
    ref: int | str | None
    item_code: str
    item_name: str
    count: float
    unit: str
    points_each: float
    amount: float  # count × points_each (before any cap)
    who: str = ""

    def text(self) -> str:
        who = f"（{self.who}）" if self.who else ""
        return f"{self.item_name}{who} {_fmt(self.count)}{self.unit}×{_fmt(self.points_each)} = {_fmt(self.amount)}"


@dataclass
class CategoryResult:
    code: str
    name: str
    weight: float
    raw: float  # sum of its entries
    deducted: float  # min(raw, weight): 扣完为止
    capped: bool
    entries: list[EntryLine] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(self.weight - self.deducted, 2)


@dataclass
class SheetResult:
    base: float
    total: float
    deductions: float  # after category caps
    deductions_raw: float
    bonus: float  # after the cap
    bonus_raw: float
    bonus_cap: float
    vetoed: bool
    veto_items: list[str]
    categories: list[CategoryResult]
    bonus_entries: list[EntryLine]
    chief_rep_charge: float
    lines: list[str]

    def category(self, code: str) -> CategoryResult:
        return next(c for c in self.categories if c.code == code)

    def breakdown(self) -> dict[str, float]:
        """category code -> points deducted (capped); what rankings and charts store."""
        return {c.code: c.deducted for c in self.categories}

    def to_dict(self) -> dict:
        return asdict(self)


def _to_hundredths(x: float) -> int:
    """Points to hundredths."""
    return int(round(float(x) * 100))


def _from_hundredths(h: int) -> float:
    return h / 100


def score_sheet(scheme: Scheme, entries: Iterable[Entry]) -> SheetResult:
    """Score one window's month: base − Σ min(category deductions, category weight)
    + min(bonuses, bonus cap); veto items flag the sheet (the score itself stands, but the
    window is out of every award). Raises ScoringError for an entry the scheme cannot score."""
    index = scheme.item_index()
    cat_raw: dict[str, int] = {c.code: 0 for c in scheme.categories}
    cat_lines: dict[str, list[EntryLine]] = {c.code: [] for c in scheme.categories}
    bonus_lines: list[EntryLine] = []
    bonus_raw = 0
    vetoes: list[str] = []

    for e in entries:
        found = index.get(e.item_code)
        if found is None:
            raise ScoringError(f"考核方案中没有编码为 {e.item_code} 的项目。")
        kind, item = found
        if e.count is None or e.count < 0:
            raise ScoringError(f"项目“{item.name}”的次数不能为负数。")
        if kind == "veto":
            if e.count > 0:
                vetoes.append(item.name)
            continue
        each = item.points if e.points is None else float(e.points)
        high = item.max_points if item.max_points is not None else item.points
        if not item.points - 1e-9 <= each <= high + 1e-9:
            raise ScoringError(f"项目“{item.name}”的分值应在 {_fmt(item.points)} 到 {_fmt(high)} 之间。")
        amount = _to_hundredths(each) * e.count
        amount = int(round(amount))
        line = EntryLine(e.ref, item.code, item.name, e.count, item.unit_label, each, _from_hundredths(amount), e.who)
        if kind == "bonus":
            bonus_raw += amount
            bonus_lines.append(line)
        else:
            cat_raw[kind] += amount
            cat_lines[kind].append(line)

    lines: list[str] = [f"基础分 {_fmt(scheme.base)} 分。"]
    categories: list[CategoryResult] = []
    deducted_total = raw_total = 0
    for cat in scheme.categories:
        raw = cat_raw[cat.code]
        weight = _to_hundredths(cat.weight)
        deducted = min(raw, weight)
        deducted_total += deducted
        raw_total += raw
        result = CategoryResult(
            cat.code,
            cat.name,
            cat.weight,
            _from_hundredths(raw),
            _from_hundredths(deducted),
            raw > weight,
            cat_lines[cat.code],
        )
        categories.append(result)
        if not raw:
            continue
        parts = "；".join(ln.text() for ln in cat_lines[cat.code])
        if raw > weight:
            lines.append(
                f"{cat.name}：{parts}；合计 {_fmt(_from_hundredths(raw))} 分，超过本类 {_fmt(cat.weight)} 分，扣完为止，实扣 {_fmt(cat.weight)} 分。"
            )
        else:
            lines.append(f"{cat.name}：{parts}；扣 {_fmt(_from_hundredths(raw))} 分。")

    cap = _to_hundredths(scheme.bonus_cap)
    bonus = min(bonus_raw, cap)
    if bonus_raw:
        parts = "；".join(ln.text() for ln in bonus_lines)
        if bonus_raw > cap:
            lines.append(
                f"加分：{parts}；合计 {_fmt(_from_hundredths(bonus_raw))} 分，超过上限 {_fmt(scheme.bonus_cap)} 分，按上限计。"
            )
        else:
            lines.append(f"加分：{parts}；加 {_fmt(_from_hundredths(bonus))} 分。")
    total = _to_hundredths(scheme.base) - deducted_total + bonus
    total = max(total, 0)
    lines.append(
        f"得分 = {_fmt(scheme.base)} − {_fmt(_from_hundredths(deducted_total))} + {_fmt(_from_hundredths(bonus))} = {_fmt(_from_hundredths(total))} 分。"
    )
    if vetoes:
        lines.append(f"一票否决：{'、'.join(vetoes)}。本月及本年度不得参加评先评优。")
    chief = int(round(deducted_total * scheme.chief_rep_share))
    if chief:
        lines.append(f"首席代表按 {_fmt(scheme.chief_rep_share * 100)}% 连带扣 {_fmt(_from_hundredths(chief))} 分。")
    if not raw_total and not bonus_raw and not vetoes:
        lines.insert(1, "本月无扣分、加分记录。")

    return SheetResult(
        base=scheme.base,
        total=_from_hundredths(total),
        deductions=_from_hundredths(deducted_total),
        deductions_raw=_from_hundredths(raw_total),
        bonus=_from_hundredths(bonus),
        bonus_raw=_from_hundredths(bonus_raw),
        bonus_cap=scheme.bonus_cap,
        vetoed=bool(vetoes),
        veto_items=vetoes,
        categories=categories,
        bonus_entries=bonus_lines,
        chief_rep_charge=_from_hundredths(chief),
        lines=lines,
    )


def personal_scores(scheme: Scheme, entries: Iterable[Entry]) -> dict[int, SheetResult]:
    """Each named person's own score: the same rules over the entries that name them
    (used for the 服务标兵 eligibility: a personal score ≥ 98 or full marks)."""
    by_staff: dict[int, list[Entry]] = {}
    for e in entries:
        if e.staff_id is not None:
            by_staff.setdefault(e.staff_id, []).append(e)
    return {staff_id: score_sheet(scheme, es) for staff_id, es in by_staff.items()}
