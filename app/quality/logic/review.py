"""Management review (ISO 9001 9.3.2): the inputs a review must consider, by clause. Pure data."""

INPUTS = [
    ("9.3.2a", "以往管理评审所采取措施的情况"),
    ("9.3.2b", "与质量管理体系相关的内外部因素的变化"),
    ("9.3.2c1", "顾客满意和相关方的反馈（好差评趋势、投诉、表扬）"),
    ("9.3.2c2", "质量目标的实现程度"),
    ("9.3.2c3", "过程绩效以及产品和服务的合格情况（按时办结率、即办件占比、超期办件、考核趋势与红旗）"),
    ("9.3.2c4", "不合格及纠正措施"),
    ("9.3.2c5", "监视和测量结果"),
    ("9.3.2c6", "审核结果（内部审核与外部审核）"),
    ("9.3.2c7", "外部供方的绩效"),
    ("9.3.2d", "资源的充分性"),
    ("9.3.2e", "应对风险和机遇所采取措施的有效性"),
    ("9.3.2f", "改进的机会"),
]
INPUT_LABELS = dict(INPUTS)


def trend_word(first, last, higher_is_better: bool = True, tolerance: float = 0.5) -> str:
    """上升 / 下降 / 持平 between two values of a series (None when either is missing)."""
    if first is None or last is None:
        return "—"
    if abs(last - first) <= tolerance:
        return "持平"
    better = (last > first) == higher_is_better
    return ("上升" if last > first else "下降") + ("（向好）" if better else "（变差）")
