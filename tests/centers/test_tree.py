"""The center tree's pure rules: levels and ancestors / descendants from (id, parent_id) pairs."""

from app.centers.logic import levels, tree

# city 1 → counties 2, 3 → townships 4, 5 (under 2) and 6 (under 3)
PAIRS = [(1, None), (2, 1), (3, 1), (4, 2), (5, 2), (6, 3)]


def test_ancestors_nearest_first_and_descendants_breadth_first():
    assert tree.ancestors(PAIRS, 4) == [2, 1]
    assert tree.ancestors(PAIRS, 1) == []
    assert tree.descendants(PAIRS, 1) == [2, 3, 4, 5, 6]
    assert tree.descendants(PAIRS, 2) == [4, 5]
    assert tree.descendants(PAIRS, 6) == []
    assert tree.depth(PAIRS, 5) == 2


def test_a_cycle_in_the_data_is_walked_once():
    pairs = [(1, 2), (2, 1)]
    assert tree.ancestors(pairs, 1) == [2]
    assert tree.descendants(pairs, 1) == [2]


def test_levels_shown_in_chinese_and_each_below_the_one_above():
    assert [levels.label(lv) for lv in levels.LEVELS] == ["市", "县", "乡"]
    assert levels.may_be_child(None, "city") and levels.may_be_child("city", "county")
    assert levels.may_be_child("county", "township")
    assert not levels.may_be_child("city", "township") and not levels.may_be_child("township", "township")
    assert not levels.may_be_child(None, "province")
