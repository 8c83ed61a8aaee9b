"""Red-flag selection: quota and rounding, threshold, disqualifications, ties, warnings, periods."""

from dataclasses import replace

import pytest

from app.assessment.logic.redflag import (
    WindowMonth,
    flag_quota,
    histories,
    last_place_warnings,
    period_flags,
    rank,
    select_month,
)
from app.assessment.logic.schemes import RedFlagRules

R = RedFlagRules()


def W(i, total, **kw):
    return WindowMonth(i, f"{i}号窗口", total, **kw)


@pytest.mark.parametrize(
    "n, mode, rounding, expected",
    [
        (60, "min", "round", 3),  # 10 % of 60 = 6 → the smaller, 3
        (24, "min", "round", 2),  # 2.4 → 2
        (25, "min", "round", 3),  # 2.5 rounds half up (四舍五入), not to even
        (15, "min", "round", 2),  # 1.5 → 2
        (14, "min", "round", 1),  # 1.4 → 1
        (4, "min", "round", 1),  # 0.4 → 0, but at least 1
        (0, "min", "round", 0),  # no windows, no flags
        (2, "top_n", "round", 2),  # never more than there are windows
        (60, "share", "round", 6),
        (25, "share", "floor", 2),
        (21, "share", "ceil", 3),
        (60, "top_n", "round", 3),
    ],
)
def test_quota_and_share_rounding(n, mode, rounding, expected):
    assert flag_quota(n, replace(R, mode=mode, rounding=rounding)) == expected


def test_top_three_above_threshold():
    rows = [W(1, 99), W(2, 101), W(3, 97), W(4, 96), W(5, 94), W(6, 100)] + [W(10 + i, 90) for i in range(24)]
    out = select_month(rows, R)
    assert out.flag_quota == 3 and out.flags == [2, 6, 1]


def test_threshold_leaves_places_empty():
    out = select_month([W(i, 94 + (i % 2) * 0.5) for i in range(30)], R)
    assert out.flags == []


@pytest.mark.parametrize(
    "kw, reason",
    [
        ({"vetoed": True}, "一票否决"),
        ({"valid_complaints": 1}, "有效投诉"),
        ({"red_cases": 1}, "红灯"),
        ({"unresolved_bad_ratings": 1}, "差评"),
    ],
)
def test_disqualifications(kw, reason):
    rows = [W(1, 105, **kw), W(2, 99), W(3, 98), W(4, 97), W(5, 96)] + [W(10 + i, 80) for i in range(25)]
    out = select_month(rows, R)
    assert 1 not in out.flags and out.flags == [2, 3, 4]
    assert any(reason in b for b in out.by_window()[1].barred)


def test_disqualifications_are_configurable():
    rows = [W(1, 105, red_cases=2), W(2, 99)]
    assert select_month(rows, replace(R, bar_red_case=False, top_n=1, share=1)).flags == [1]


def test_last_place_the_month_before_is_barred():
    rows = [W(1, 105), W(2, 99), W(3, 60)]
    out = select_month(rows, replace(R, mode="top_n", top_n=1), last_place_before=[1])
    assert out.flags == [2] and "上月排名末位" in out.by_window()[1].barred
    assert out.last_place == [3]


def test_ties_fewer_deductions_then_larger_volume():
    rows = [
        W(1, 98, deductions=4, case_volume=50),
        W(2, 98, deductions=2, case_volume=10),
        W(3, 98, deductions=4, case_volume=80),
        W(4, 97),
    ]
    ranked = rank(rows)
    assert [r.row.window_id for r in ranked] == [2, 3, 1, 4] and [r.rank for r in ranked] == [1, 2, 3, 4]
    out = select_month(rows, replace(R, mode="top_n", top_n=2))
    assert out.flags == [2, 3]


def test_complete_tie_at_the_cut_shares_the_flag():
    rows = [W(1, 99), W(2, 98, deductions=2, case_volume=5), W(3, 98, deductions=2, case_volume=5), W(4, 90)]
    out = select_month(rows, replace(R, mode="top_n", top_n=2))
    assert out.flags == [1, 2, 3]
    assert [r.rank for r in out.ranking] == [1, 2, 2, 4]


def test_last_place_warnings():
    seq = [[5], [5, 6], [5, 6]]
    w = last_place_warnings(seq, R)
    assert w[5] == (3, "通报派驻单位") and w[6] == (2, "中心内部通报")
    assert last_place_warnings([[5], [6], [5]], R) == {}


def test_quarter_and_year_by_average_with_bars():
    m1 = [W(1, 100), W(2, 99), W(3, 96)]
    m2 = [W(1, 98), W(2, 99, vetoed=True), W(3, 97)]
    m3 = [W(1, 97), W(2, 99), W(3, 98)]
    rows = period_flags([m1, m2, m3], [[3], [3], [2]], 2, R)
    flagged = [r.window_id for r in rows if r.flag]
    assert flagged == [1, 3]  # 2 has the best average but a veto in the quarter
    year = period_flags([m1, m2, m3], [[3], [3], [2]], 1, R, annual=True)
    by = {r.window_id: r for r in year}
    assert not by[3].flag and "2 次排名末位" in by[3].barred[0]
    assert by[1].flag and by[1].average == 98.33


def test_histories_streaks_and_honours():
    keys = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07"]
    flags = [[1, 2], [1], [1, 2], [2], [1, 2], [1, 2], [1, 2]]
    h = histories(keys, flags, R)
    assert h[1].longest_streak == 3 and h[1].honours == 2 and h[1].current_streak == 3
    assert h[2].longest_streak == 5 and h[2].honours == 1 and len(h[2].months) == 6
    assert histories(keys, flags, replace(R, honour_streak=0))[1].honours == 0
