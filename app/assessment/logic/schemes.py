"""The scoring scheme as data: categories with weights, items with points per unit, the bonus
pool with its cap, veto items, and the red-flag and service-model settings that go with it.

Pure: no Flask, no database. A scheme is stored as JSON on a SchemeVersion that belongs to a
version of the rule SF-ZD-017 (窗口百分制考核及“流动红旗”评选细则), so it takes effect with it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

RULE_NUMBER = "SF-ZD-017"
RULE_TITLE = "示范市行政服务中心服务窗口百分制考核及“流动红旗”评选细则"

UNITS = {
    "time": "次",
    "case": "件",
    "person_time": "人次",
    "half_day": "半天",
    "day": "天",
    "each": "件",
}

# Record sources a proposal can come from (see sources.py); None = entered by hand only.
SOURCES = {
    "late_early": "考勤：迟到、早退",
    "absent_half_days": "考勤：旷工（半天）",
    "leave_days_over": "考勤：当月请假超过规定天数",
    "valid_complaints": "效能投诉：有效投诉",
    "overdue": "办件：超承诺时限",
    "yellow": "办件：黄灯预警",
    "red": "办件：红灯警告",
    "bad_ratings": "好差评：差评经核实成立",
    "rectification_overdue": "好差评：整改逾期",
    "shirking": "首问负责：推诿或转交未确认",
    "supplement_breach": "一次性告知：再次补正首次未告知的材料",
    "accountability": "效能投诉：责任追究决定",
    "letter": "表扬：感谢信",
    "banner": "表扬：锦旗",
    "media": "表扬：媒体表扬",
}


class SchemeError(ValueError):
    """An invalid scheme; the message is shown to the user."""


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    points: float  # points per unit (a magnitude: deductions and bonuses are both positive)
    unit: str = "time"
    max_points: float | None = None  # a range "−2 to −5": the evaluator picks within it
    source: str | None = None
    article: str = ""  # the rule article it rests on, e.g. "第八条"

    @property
    def unit_label(self) -> str:
        return UNITS.get(self.unit, self.unit)

    def points_text(self, sign: str = "−") -> str:
        low = _fmt(self.points)
        if self.max_points and self.max_points != self.points:
            return f"{sign}{low}～{sign}{_fmt(self.max_points)}/{self.unit_label}"
        return f"{sign}{low}/{self.unit_label}"


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    weight: float  # also the most that can be deducted in it (扣完为止)
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class VetoItem:
    code: str
    name: str
    article: str = ""


@dataclass(frozen=True)
class RedFlagRules:
    """流动红旗: how many, who is barred, ties, warnings, honours. All configurable."""

    mode: str = "min"  # "top_n" | "share" | "min" (the smaller of the two)
    top_n: int = 3
    share: float = 0.10
    rounding: str = "round"  # floor | round (half up, 四舍五入) | ceil for the share
    minimum: int = 1
    threshold: float = 95.0
    bar_veto: bool = True
    bar_valid_complaint: bool = True
    bar_red_case: bool = True
    bar_unresolved_bad_rating: bool = True
    bar_last_place_before: bool = True
    quarterly: bool = True
    quarter_n: int = 0  # 0: the same number as a month's quota
    year_n: int = 0  # 0: the same number as a month's quota
    year_last_place_bar: int = 2
    last_place_internal: int = 2
    last_place_department: int = 3
    honour_streak: int = 3
    publicity_workdays: int = 3


@dataclass(frozen=True)
class ExemplarRules:
    """服务标兵: eligibility, weights (percent) and quota."""

    min_score: float = 98.0
    max_late: int = 2
    year_max_late: int = 5
    w_score: int = 40
    w_ballot: int = 30
    w_public: int = 20
    w_leader: int = 10
    quota_share: float = 0.10
    quota_min: int = 1
    per_window: int = 1
    nominations_per_window: int = 2
    publicity_workdays: int = 5
    min_votes: int = 1  # elected only with at least this many ballot votes …
    min_vote_share: float = 0.0  # … and at least this share of the voters (0.2 = 20 %)


@dataclass(frozen=True)
class Scheme:
    name: str
    categories: tuple[Category, ...]
    bonus_cap: float
    bonus_items: tuple[Item, ...]
    veto_items: tuple[VetoItem, ...]
    base: float = 100.0
    chief_rep_share: float = 0.0  # 0.5: each window deduction also charged at half to the 首席代表
    # One overdue case that is also yellow and red in the month is charged once, under the
    # heaviest of those items (False: under each of them).
    one_charge_per_case: bool = True
    red_flag: RedFlagRules = field(default_factory=RedFlagRules)
    exemplars: ExemplarRules = field(default_factory=ExemplarRules)  # 服务标兵

    # ------------------------------------------------------------------ look-ups
    def item_index(self) -> dict[str, tuple[str, Item]]:
        """code -> (kind, item) where kind is a category code, "bonus" or "veto"."""
        index: dict[str, tuple[str, Item]] = {}
        for cat in self.categories:
            for item in cat.items:
                index[item.code] = (cat.code, item)
        for item in self.bonus_items:
            index[item.code] = ("bonus", item)
        for veto in self.veto_items:
            index[veto.code] = ("veto", Item(veto.code, veto.name, 0, "time", article=veto.article))
        return index

    def items_by_source(self) -> dict[str, Item]:
        out = {}
        for cat in self.categories:
            for item in cat.items:
                if item.source:
                    out[item.source] = item
        for item in self.bonus_items:
            if item.source:
                out[item.source] = item
        return out

    @property
    def max_total(self) -> float:
        return self.base + self.bonus_cap

    # ------------------------------------------------------------------ validation
    def validate(self) -> None:
        if not self.categories:
            raise SchemeError("考核方案至少要有一个考核类别。")
        seen: set[str] = set()
        for cat in self.categories:
            if cat.weight <= 0:
                raise SchemeError(f"类别“{cat.name}”的分值必须大于 0。")
            for item in cat.items + self.bonus_items:
                _check_item(item)
        for code in (
            [c.code for c in self.categories]
            + [i.code for c in self.categories for i in c.items]
            + [i.code for i in self.bonus_items]
            + [v.code for v in self.veto_items]
        ):
            if not code or code in seen or code in ("bonus", "veto"):
                raise SchemeError(f"编码“{code}”为空或重复。")
            seen.add(code)
        total_weight = sum(c.weight for c in self.categories)
        if abs(total_weight - self.base) > 1e-9:
            raise SchemeError(f"各类别分值合计 {_fmt(total_weight)}，应等于基础分 {_fmt(self.base)}。")
        if self.bonus_cap < 0:
            raise SchemeError("加分上限不能为负数。")
        if not 0 <= self.chief_rep_share <= 1:
            raise SchemeError("首席代表连带扣分比例应在 0 到 1 之间。")
        rf = self.red_flag
        if rf.mode not in ("top_n", "share", "min") or rf.rounding not in ("floor", "round", "ceil"):
            raise SchemeError("流动红旗名额方式或取整方式无效。")
        if rf.top_n < 0 or not 0 <= rf.share <= 1 or rf.minimum < 0:
            raise SchemeError("流动红旗名额设置无效。")
        m = self.exemplars
        if m.w_score + m.w_ballot + m.w_public + m.w_leader != 100:
            raise SchemeError("服务标兵各项权重合计应为 100。")


def _check_item(item: Item) -> None:
    if item.points <= 0:
        raise SchemeError(f"项目“{item.name}”的分值必须大于 0。")
    if item.unit not in UNITS:
        raise SchemeError(f"项目“{item.name}”的计分单位“{item.unit}”无效。")
    if item.max_points is not None and item.max_points < item.points:
        raise SchemeError(f"项目“{item.name}”的最高分值不能小于最低分值。")
    if item.source is not None and item.source not in SOURCES:
        raise SchemeError(f"项目“{item.name}”的数据来源“{item.source}”无效。")


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


# ---------------------------------------------------------------------- JSON
def to_dict(scheme: Scheme) -> dict:
    return asdict(scheme)


def to_json(scheme: Scheme) -> str:
    return json.dumps(to_dict(scheme), ensure_ascii=False, indent=1, sort_keys=False)


def _item(d: dict) -> Item:
    return Item(
        code=str(d["code"]).strip(),
        name=str(d["name"]).strip(),
        points=float(d["points"]),
        unit=d.get("unit", "time"),
        max_points=None if d.get("max_points") in (None, "") else float(d["max_points"]),
        source=d.get("source") or None,
        article=str(d.get("article") or ""),
    )


def _settings(cls, d: dict | None):
    d = d or {}
    known = {f.name: f for f in fields(cls)}
    unknown = set(d) - set(known)
    if unknown:
        raise SchemeError(f"未知设置项：{', '.join(sorted(unknown))}")
    values = {}
    for name, value in d.items():
        default = getattr(cls(), name)
        values[name] = type(default)(value) if not isinstance(default, str) else str(value)
    return cls(**values)


def from_dict(d: dict) -> Scheme:
    """Build and validate a scheme; raises SchemeError with a Chinese message."""
    try:
        scheme = Scheme(
            name=str(d.get("name", "")).strip() or "考核方案",
            base=float(d.get("base", 100)),
            categories=tuple(
                Category(
                    str(c["code"]).strip(),
                    str(c["name"]).strip(),
                    float(c["weight"]),
                    tuple(_item(i) for i in c.get("items", ())),
                )
                for c in d["categories"]
            ),
            bonus_cap=float(d.get("bonus_cap", 0)),
            bonus_items=tuple(_item(i) for i in d.get("bonus_items", ())),
            veto_items=tuple(
                VetoItem(str(v["code"]).strip(), str(v["name"]).strip(), str(v.get("article") or ""))
                for v in d.get("veto_items", ())
            ),
            chief_rep_share=float(d.get("chief_rep_share", 0)),
            one_charge_per_case=bool(d.get("one_charge_per_case", True)),
            red_flag=_settings(RedFlagRules, d.get("red_flag")),
            # "models" is how schemes stored before the 服务标兵 rules were named exemplars
            exemplars=_settings(ExemplarRules, d.get("exemplars", d.get("models"))),
        )
    except SchemeError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise SchemeError(f"考核方案格式有误：{exc}") from exc
    scheme.validate()
    return scheme


def from_json(text: str) -> Scheme:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemeError(f"JSON 格式有误（第 {exc.lineno} 行）：{exc.msg}") from exc
    if not isinstance(data, dict):
        raise SchemeError("考核方案应为一个 JSON 对象。")
    return from_dict(data)


# ---------------------------------------------------------------------- the bundled schemes
# Article numbers follow the bundled texts of SF-ZD-017 (documents/rules/SF-ZD-017_*.md).
def _discipline() -> Category:
    a = "第八条"
    return Category(
        "D",
        "工作纪律",
        25,
        (
            Item("D1", "迟到、早退", 1, "person_time", source="late_early", article=a),
            Item("D2", "无故旷工", 2, "half_day", source="absent_half_days", article=a),
            Item("D3", "擅自离岗超过半天", 3, "time", article=a),
            Item("D4", "无故缺席会议或集中培训", 1, "person_time", article=a),
            Item("D5", "当月请假超过2天（超过部分）", 1, "day", source="leave_days_over", article=a),
            Item("D6", "工作时间窗口无人在岗", 2, "time", article=a),
        ),
    )


def _service() -> Category:
    a = "第九条"
    return Category(
        "S",
        "服务规范",
        20,
        (
            Item("S1", "未按规定着装或佩戴工作牌", 1, "person_time", article=a),
            Item("S2", "服务态度冷漠、言行生硬", 2, "person_time", article=a),
            Item("S3", "拒不答复或推诿咨询", 2, "person_time", source="shirking", article=a),
            Item("S4", "与服务对象争吵", 3, "person_time", article=a),
            Item("S5", "有效投诉", 5, "person_time", source="valid_complaints", article=a),
        ),
    )


def _efficiency() -> Category:
    a = "第十条"
    return Category(
        "E",
        "办件效率与质量",
        30,
        (
            Item("E1", "超过承诺时限办结", 5, "case", source="overdue", article=a),
            Item("E2", "黄灯提醒", 1, "case", source="yellow", article=a),
            Item("E3", "红灯警告", 3, "case", source="red", article=a),
            Item("E4", "审批结果差错", 2, "case", max_points=5, article=a),
            Item("E5", "受理、退回不当", 2, "case", source="supplement_breach", article=a),
            Item("E6", "体外循环办理", 5, "case", article=a),
        ),
    )


def _integrity() -> Category:
    a = "第十一条"
    return Category(
        "I",
        "廉政与收费",
        10,
        (
            Item("I1", "擅自收费或不经银行窗口收费", 5, "time", article=a),
            Item("I2", "收取已取消的费用或索要已取消的材料", 5, "time", article=a),
        ),
    )


def _ratings() -> Category:
    a = "第十二条"
    return Category(
        "R",
        "好差评",
        5,
        (
            Item("R1", "差评经核实成立", 1, "each", source="bad_ratings", article=a),
            Item("R2", "成立的差评逾期未整改", 2, "each", source="rectification_overdue", article=a),
        ),
    )


def _files(weight: float, article: str, public_notice: bool = False) -> Category:
    items = (
        Item("A1", "办件资料未及时、完整归档", 1, "time", article=article),
        Item("A2", "窗口物品杂乱或卫生不洁", 1, "time", article=article),
    )
    if public_notice:
        items += (Item("A3", "公开内容未按规定摆放或更新", 1, "time", article=article),)
    return Category("A", "档案与卫生", weight, items)


def _training(article: str) -> Category:
    return Category("T", "学习培训", 5, (Item("T1", "未按计划参加业务学习培训", 1, "person_time", article=article),))


def _bonus(article: str, special: bool) -> tuple[Item, ...]:
    items = (
        Item("B1", "收到感谢信", 1, "each", source="letter", article=article),
        Item("B2", "收到锦旗", 2, "each", source="banner", article=article),
        Item("B3", "市级以上新闻媒体表扬", 3, "time", source="media", article=article),
    )
    if special:
        items += (Item("B4", "上门服务、节假日加班或特事特办", 1, "time", max_points=3, article=article),)
    return items


def _veto(article: str, discipline: bool) -> tuple[VetoItem, ...]:
    items = (
        VetoItem("V1", "索要收受财物或谋取私利经查实", article),
        VetoItem("V2", "被新闻媒体曝光造成不良影响", article),
        VetoItem("V3", "与服务对象发生肢体冲突", article),
        VetoItem("V4", "办件统计或考核资料弄虚作假", article),
    )
    if discipline:
        items += (VetoItem("V5", "受到党纪处分或政务处分", article),)
    return items


def default_scheme() -> Scheme:
    """B/0 (from 2024-01-01): the default scheme of DOMAIN.md — seven categories, bonus cap +10,
    five veto items, quarterly flags, honour after 3 flags running, 公示 3 working days."""
    return Scheme(
        name="百分制考核方案（B/0）",
        categories=(
            _discipline(),
            _service(),
            _efficiency(),
            _integrity(),
            _ratings(),
            _files(5, "第十三条"),
            _training("第十四条"),
        ),
        bonus_cap=10,
        bonus_items=_bonus("第十五条", special=True),
        veto_items=_veto("第十六条", discipline=True),
    )


def scheme_2019() -> Scheme:
    """A/0 (2019): no 好差评 category yet, 档案与卫生 weighs 10, bonus cap +5, 公示 5 working days,
    no quarterly flags and no honour."""
    return Scheme(
        name="百分制考核方案（A/0）",
        categories=(
            _discipline(),
            _service(),
            _efficiency(),
            _integrity(),
            _files(10, "第十二条", public_notice=True),
            _training("第十三条"),
        ),
        bonus_cap=5,
        bonus_items=_bonus("第十四条", special=False),
        veto_items=_veto("第十五条", discipline=False),
        red_flag=RedFlagRules(bar_unresolved_bad_rating=False, quarterly=False, honour_streak=0, publicity_workdays=5),
    )


def scheme_2021() -> Scheme:
    """A/1 (2021): adds the 好差评 category (5) and 档案与卫生 drops to 5; bonus cap still +5."""
    return Scheme(
        name="百分制考核方案（A/1）",
        categories=(
            _discipline(),
            _service(),
            _efficiency(),
            _integrity(),
            _ratings(),
            _files(5, "第十三条"),
            _training("第十四条"),
        ),
        bonus_cap=5,
        bonus_items=_bonus("第十五条", special=False),
        veto_items=_veto("第十六条", discipline=False),
        red_flag=RedFlagRules(quarterly=False, honour_streak=0, publicity_workdays=5),
    )


BUNDLED = {"A/0": scheme_2019, "A/1": scheme_2021, "B/0": default_scheme}
