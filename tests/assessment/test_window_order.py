"""Windows are listed 1号, 2号 … 13号, not in text order (1号, 13号, 2号)."""

from app.assessment.logic.ordering import natural_key


def test_window_names_sort_by_number():
    names = ["13号 道路运输", "2号 规划许可", "1号 投资项目审批", "20号 综合受理", "综合窗口"]
    assert sorted(names, key=natural_key) == [
        "1号 投资项目审批",
        "2号 规划许可",
        "13号 道路运输",
        "20号 综合受理",
        "综合窗口",
    ]
