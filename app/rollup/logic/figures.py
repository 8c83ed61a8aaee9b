"""Results reported up (issue 13 item 3, seed 000 第八章 三级联通): one center's month in figures, and
the centers side by side per level. Pure: the queries hand in the grouped rows.

The month's figures, with the same definitions as the center's own pages:
- received: cases received in the month; closed: completed in the month (撤销 excluded); on time:
  closed no later than the due date (办件情况统计表, app/records/queries/stats.py);
- red / yellow: lights that came on in the month (app/records/queries case_light_counts: red = the
  day after the due date falls in the month and the case was still open then; yellow = the yellow
  day in the month, the case still open that day; 即办件 left out), days after today not counted;
- 好差评: the month's counted ratings (误评 / 恶意差评 excluded): 好评 grade ≥ 4, 差评 ≤ 2,
  满意率 = share of grade ≥ 3 (app/hall/logic/ratings.py);
- score: the mean total of the month's window score sheets (百分制) and the month's state."""

from __future__ import annotations

from dataclasses import dataclass, field

LEVEL_ORDER = ("city", "county", "township")
LEVEL_TITLES = {"city": "市级中心", "county": "县级中心", "township": "乡镇便民中心"}
MONTH_STATES = {"open": "评分中", "submitted": "待审定", "locked": "公示中", "final": "已定稿"}
COUNTED = ("received", "closed", "on_time", "red", "yellow", "ratings", "good", "bad", "satisfied", "sheets")


@dataclass
class Figures:
    key: int | None  # the center (or window) the row is about
    label: str = ""
    received: int = 0
    closed: int = 0
    on_time: int = 0
    red: int = 0
    yellow: int = 0
    ratings: int = 0
    good: int = 0
    bad: int = 0
    satisfied: int = 0
    sheets: int = 0
    score_sum: float = 0.0
    month_state: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.closed if self.closed else None

    @property
    def satisfaction(self) -> float | None:
        return self.satisfied / self.ratings if self.ratings else None

    @property
    def score(self) -> float | None:
        return self.score_sum / self.sheets if self.sheets else None

    @property
    def month_state_label(self) -> str:
        """The month's scoring state (a total row of several centers has none: —)."""
        if self.key is None:
            return "—"
        return MONTH_STATES.get(self.month_state, "未开展") if self.month_state else "未开展"

    def add(self, other: Figures) -> None:
        for name in COUNTED:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.score_sum += other.score_sum


def merge(keys, grouped: dict[str, dict]) -> dict:
    """{key: Figures} from the grouped statements' rows: grouped[name] = {key: values}, where name is
    received, closed (closed, on_time), red, yellow, ratings (ratings, good, bad, satisfied) or
    scores (sheets, score_sum, month_state). Every key of `keys` gets a row, with zeros."""
    out = {k: Figures(k) for k in keys}

    def row(k):
        return out.setdefault(k, Figures(k))

    for k, n in grouped.get("received", {}).items():
        row(k).received = int(n or 0)
    for k, (n, on_time) in grouped.get("closed", {}).items():
        row(k).closed, row(k).on_time = int(n or 0), int(on_time or 0)
    for k, n in grouped.get("red", {}).items():
        row(k).red = int(n or 0)
    for k, n in grouped.get("yellow", {}).items():
        row(k).yellow = int(n or 0)
    for k, (n, good, bad, satisfied) in grouped.get("ratings", {}).items():
        f = row(k)
        f.ratings, f.good, f.bad, f.satisfied = int(n or 0), int(good or 0), int(bad or 0), int(satisfied or 0)
    for k, (n, total, state) in grouped.get("scores", {}).items():
        f = row(k)
        f.sheets, f.score_sum, f.month_state = int(n or 0), float(total or 0.0), state
    return out


@dataclass(frozen=True)
class CenterRef:
    id: int
    name: str
    level: str
    parent_id: int | None


@dataclass
class Section:
    level: str
    title: str
    rows: list  # [(CenterRef, Figures)]
    total: Figures


def sections(centers: list[CenterRef], figures: dict[int, Figures]) -> list[Section]:
    """The centers grouped by level (市, 县, 乡), each level's rows in tree order (a township under its
    county's turn, then by id) with the level's total; levels without a visible center left out."""
    position = {c.id: i for i, c in enumerate(sorted(centers, key=lambda c: c.id))}
    parents = {c.id: c.parent_id for c in centers}
    out = []
    for level in LEVEL_ORDER:
        members = [c for c in centers if c.level == level]
        if not members:
            continue
        members.sort(key=lambda c: (position.get(parents.get(c.id), -1), c.id))
        total = Figures(None, label=f"{LEVEL_TITLES[level]}合计")
        rows = []
        for c in members:
            f = figures.get(c.id) or Figures(c.id)
            f.label = c.name
            total.add(f)
            rows.append((c, f))
        out.append(Section(level, LEVEL_TITLES[level], rows, total))
    return out


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)
