"""The pure scoring function on tables of cases (no app, no database)."""

from dataclasses import replace

import pytest

from app.assessment.logic import schemes as sch
from app.assessment.logic.scoring import (
    Entry,
    ScoringError,
    personal_scores,
    score_sheet,
)

B0 = sch.default_scheme()


@pytest.mark.parametrize(
    "entries, total, deductions, bonus",
    [
        ([], 100, 0, 0),  # empty month: full marks
        ([Entry("D1", 3)], 97, 3, 0),  # late 3 person-times × 1
        ([Entry("D2", 3)], 94, 6, 0),  # 旷工 3 half-days × 2
        ([Entry("D1", 30)], 75, 25, 0),  # 扣完为止: capped at the category's 25
        ([Entry("D1", 20), Entry("D3", 3)], 75, 25, 0),  # several items share one cap
        ([Entry("S5", 5)], 80, 20, 0),  # 5 valid complaints × 5 = 25 → capped 20
        ([Entry("E1", 1), Entry("E3", 2)], 89, 11, 0),  # overdue 5 + red 2 × 3
        ([Entry("E4", 1, points=4)], 96, 4, 0),  # a range item at a chosen value
        ([Entry("B2", 1), Entry("B1", 2)], 104, 0, 4),  # bonus: banner 2 + 2 letters
        ([Entry("B3", 5)], 110, 0, 10),  # bonus capped at +10 (B/0)
        ([Entry("D1", 2), Entry("B2", 1)], 100, 2, 2),
        ([Entry("D1", 0.5)], 99.5, 0.5, 0),  # half units add exactly
    ],
)
def test_table_of_cases(entries, total, deductions, bonus):
    r = score_sheet(B0, entries)
    assert (r.total, r.deductions, r.bonus) == (total, deductions, bonus)
    assert not r.vetoed


def test_every_category_exhausted_gives_zero_plus_bonus_never_negative():
    entries = [Entry(i.code, 50, i.max_points) for c in B0.categories for i in c.items]
    r = score_sheet(B0, entries)
    assert r.deductions == 100 and r.total == 0
    assert all(c.capped for c in r.categories)
    r2 = score_sheet(B0, entries + [Entry("B3", 1)])
    assert r2.total == 3


def test_veto_is_flagged_and_explained_but_score_stands():
    r = score_sheet(B0, [Entry("V1", 1), Entry("D1", 1)])
    assert r.vetoed and r.veto_items == ["索要收受财物或谋取私利经查实"]
    assert r.total == 99
    assert any("一票否决" in line for line in r.lines)


def test_explanation_says_how_every_point_was_reached():
    r = score_sheet(B0, [Entry("D1", 30, ref=7), Entry("B2", 6)])
    text = "\n".join(r.lines)
    assert "迟到、早退 30人次×1 = 30" in text and "扣完为止，实扣 25 分" in text
    assert "超过上限 10 分" in text and "得分 = 100 − 25 + 10 = 85 分" in text
    assert r.category("D").entries[0].ref == 7
    empty = score_sheet(B0, [])
    assert "本月无扣分、加分记录。" in empty.lines


def test_range_and_unknown_items_are_refused():
    with pytest.raises(ScoringError):
        score_sheet(B0, [Entry("E4", 1, points=6)])
    with pytest.raises(ScoringError):
        score_sheet(B0, [Entry("E4", 1, points=1)])
    with pytest.raises(ScoringError):
        score_sheet(sch.scheme_2019(), [Entry("R1", 1)])  # no 好差评 before A/1
    with pytest.raises(ScoringError):
        score_sheet(B0, [Entry("D1", -1)])


def test_scheme_changed_mid_year_each_month_by_its_own_scheme():
    """The same facts score differently under A/0 (2019), A/1 (2021) and B/0 (2024)."""
    month = [Entry("A1", 8), Entry("B2", 4)]  # 8 filing lapses, 4 banners
    a0, a1, b0 = (score_sheet(s, month) for s in (sch.scheme_2019(), sch.scheme_2021(), sch.default_scheme()))
    assert (a0.deductions, a0.bonus, a0.total) == (8, 5, 97)  # 档案与卫生 weighs 10, cap +5
    assert (a1.deductions, a1.bonus, a1.total) == (5, 5, 100)  # weighs 5 from A/1
    assert (b0.deductions, b0.bonus, b0.total) == (5, 8, 103)  # cap +10 from B/0
    assert "R" not in {c.code for c in sch.scheme_2019().categories}


def test_chief_representative_half_charge():
    s = replace(B0, chief_rep_share=0.5)
    r = score_sheet(s, [Entry("D1", 30), Entry("E1", 1)])
    assert r.deductions == 30 and r.chief_rep_charge == 15
    assert score_sheet(B0, [Entry("D1", 3)]).chief_rep_charge == 0


def test_personal_scores_follow_the_same_rules():
    scores = personal_scores(B0, [Entry("D1", 2, staff_id=1), Entry("S5", 1, staff_id=2), Entry("E1", 1)])
    assert scores[1].total == 98 and scores[2].total == 95 and set(scores) == {1, 2}


def test_sixty_windows_two_thousand_entries_in_one_pass_each(monkeypatch):
    """The time of a month's 60 sheets is measured by bench/assessment.py; here what keeps it
    linear: the scheme's item index is built once per sheet (not per entry), every entry scored."""
    codes = [i.code for c in B0.categories for i in c.items] + [i.code for i in B0.bonus_items]
    sheets = [[Entry(codes[(w * 7 + k) % len(codes)], 1 + k % 3, None) for k in range(34)] for w in range(60)]
    built = []
    real_index = type(B0).item_index
    monkeypatch.setattr(type(B0), "item_index", lambda self: built.append(1) or real_index(self))
    results = [score_sheet(B0, s) for s in sheets]
    assert len(results) == 60 and len(built) == 60
    lines = [sum(len(c.entries) for c in r.categories) + len(r.bonus_entries) for r in results]
    assert lines == [34] * 60


def test_explanation_names_the_person():
    r = score_sheet(B0, [Entry("D1", 1, who="周晓彤"), Entry("D1", 1, who="肖志强")])
    assert "迟到、早退（周晓彤） 1人次×1 = 1；迟到、早退（肖志强） 1人次×1 = 1" in r.lines[1]
