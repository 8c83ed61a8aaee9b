"""年度“服务标兵” roll-up (SF-ZD-018 第五条、第八条) on hand-made period results (pure)."""

from app.assessment.logic.annual import PeriodResult, YearFacts, roll_up
from app.assessment.logic.schemes import ExemplarRules

M = ExemplarRules()


def _won(staff_id, months, window=None, combined=90.0, ballot=50.0, name=None):
    return [
        PeriodResult(
            f"2025年{m}月",
            m,
            staff_id,
            name or f"人{staff_id}",
            window or staff_id,
            f"窗口{window or staff_id}",
            True,
            combined,
            ballot,
        )
        for m in months
    ]


def _lost(staff_id, month, window=None):
    return PeriodResult(
        f"2025年{month}月", month, staff_id, f"人{staff_id}", window or staff_id, "窗口", False, 99.0, 99.0
    )


def test_most_periods_first_and_only_people_selected_somewhere():
    results = _won(1, [1, 2]) + _won(2, [3, 4, 5]) + [_lost(3, 6), _lost(3, 7)]
    facts = {1: YearFacts(100, 0), 2: YearFacts(98.5, 0), 3: YearFacts(100, 0)}
    rows = roll_up(results, facts, M, 30, 10)  # quota 3
    assert [r.staff_id for r in rows] == [2, 1]  # 3 was never selected: not a candidate
    assert all(r.selected for r in rows)
    assert rows[0].times == 3 and "2025年3月、2025年4月、2025年5月" in rows[0].reasons[0]


def test_ties_by_year_score_then_average_combined_then_ballot():
    results = (
        _won(1, [1, 2], combined=95)
        + _won(2, [3, 4], combined=90)
        + _won(3, [5, 6], combined=95, ballot=40)
        + _won(4, [7, 8], combined=95, ballot=60)
    )
    facts = {1: YearFacts(99, 0), 2: YearFacts(99.5, 0), 3: YearFacts(99, 0), 4: YearFacts(99, 0)}
    rows = roll_up(results, facts, M, 20, 10)  # quota 2
    assert [r.staff_id for r in rows] == [2, 4, 1, 3]
    assert [r.selected for r in rows] == [True, True, False, False]
    assert rows[2].note == "超出名额"


def test_five_late_marks_in_the_year_bar_even_the_most_selected():
    results = _won(1, [1, 2, 3, 4]) + _won(2, [5])
    facts = {1: YearFacts(100, 5), 2: YearFacts(98, 4)}
    rows = roll_up(results, facts, M, 10, 5)  # quota 1
    by = {r.staff_id: r for r in rows}
    assert by[2].selected and not by[1].selected
    assert rows[-1].staff_id == 1 and "第八条" in by[1].note and "5 次" in by[1].note


def test_a_valid_complaint_is_not_an_annual_bar_in_the_rule():
    # 第七条 bars a period (already applied when the period was decided); the year has only 第八条.
    rows = roll_up(_won(1, [1]), {1: YearFacts(100, 0)}, M, 10, 5)
    assert rows[0].selected and rows[0].barred == []


def test_one_per_window_uses_the_latest_window_and_quota_by_analogy():
    results = _won(1, [1, 2, 3], window=7) + _won(2, [4, 5], window=7) + _won(3, [6], window=8)
    facts = {i: YearFacts(100, 0) for i in (1, 2, 3)}
    rows = roll_up(results, facts, M, 30, 10)  # quota 3, but window 7 only once
    by = {r.staff_id: r for r in rows}
    assert by[1].selected and not by[2].selected and by[3].selected
    assert by[2].note == "本窗口已有人当选"
    moved = _won(4, [1, 2], window=7) + _won(4, [3], window=9)
    assert roll_up(moved, {}, M, 10, 5)[0].window_id == 9


def test_complete_tie_is_marked_for_the_office_meeting():
    results = _won(1, [1, 2]) + _won(2, [3, 4])
    facts = {1: YearFacts(100, 0), 2: YearFacts(100, 0)}
    rows = roll_up(results, facts, M, 10, 5)  # quota 1
    assert sum(r.selected for r in rows) == 1
    assert all("完全相同" in r.note and "主任办公例会" in r.note for r in rows)


def test_no_year_score_sorts_after_any_score_and_nothing_selected_without_results():
    results = _won(1, [1]) + _won(2, [2])
    rows = roll_up(results, {2: YearFacts(60, 0)}, M, 30, 10)
    assert [r.staff_id for r in rows] == [2, 1] and "无（全年未考核）" in rows[1].reasons[1]
    assert roll_up([_lost(1, 1)], {}, M, 30, 10) == []
