"""Which text of a rule applies in a center on a date (app/documents/logic/handed_down.py)."""

from datetime import date
from types import SimpleNamespace

import pytest

from app.documents.logic.handed_down import (
    LOCAL_VERSION,
    SUPPLEMENT,
    Variant,
    applicable,
    centers_with_variants,
)

CITY, COUNTY_A, COUNTY_B, TOWN = 1, 2, 3, 4
_ids = iter(range(1, 10_000))


def v(eff, status="approved", text=""):
    return SimpleNamespace(id=next(_ids), status=status, effective_date=eff, content_md=text)


def test_before_the_city_rule_takes_effect_nothing_applies_even_with_local_variants():
    city = [v(date(2026, 3, 1), text="市级")]
    local = Variant(COUNTY_A, LOCAL_VERSION, (v(date(2026, 1, 1), text="县级"),))
    sup = Variant(COUNTY_A, SUPPLEMENT, (v(date(2026, 1, 1), text="补充"),))
    got = applicable(city, date(2026, 2, 28), COUNTY_A, [local, sup])
    assert got.handed_down is None and got.local is None and got.supplements == ()
    assert not got.in_force and got.text() == "" and got.source is None


def test_local_version_replaces_the_text_in_its_center_only():
    city = [v(date(2026, 1, 1), text="市级正文")]
    lv = v(date(2026, 2, 1), text="县级正文")
    variants = [Variant(COUNTY_A, LOCAL_VERSION, (lv,))]
    a = applicable(city, date(2026, 2, 1), COUNTY_A, variants)
    assert a.local is lv and a.text_version is lv and a.source_label == "本地版本"
    assert a.text().startswith("县级正文")
    b = applicable(city, date(2026, 2, 1), COUNTY_B, variants)
    assert b.local is None and b.text_version is city[0] and b.source_label == "上级下发"
    town = applicable(city, date(2026, 2, 1), TOWN, variants)  # a township below A: not A's text
    assert town.text_version is city[0]


def test_local_version_before_its_own_effective_date_leaves_the_city_text():
    city = [v(date(2026, 1, 1), text="市级")]
    lv = v(date(2026, 5, 1), text="县级")
    got = applicable(city, date(2026, 4, 30), COUNTY_A, [Variant(COUNTY_A, LOCAL_VERSION, (lv,))])
    assert got.local is None and got.text_version is city[0]


def test_city_revision_after_a_local_version_applies_and_marks_the_local_version_stale():
    a0 = v(date(2026, 1, 1), text="市 A/0")
    lv = v(date(2026, 2, 1), text="县版")
    a1 = v(date(2026, 6, 1), text="市 A/1")
    variants = [Variant(COUNTY_A, LOCAL_VERSION, (lv,))]
    before = applicable([a0, a1], date(2026, 5, 31), COUNTY_A, variants)
    assert before.local is lv and before.stale_local is None
    after = applicable([a0, a1], date(2026, 6, 1), COUNTY_A, variants)
    assert after.handed_down is a1 and after.local is None and after.stale_local is lv
    assert after.text().startswith("市 A/1")


def test_local_version_on_the_same_day_as_the_city_revision_wins():
    a1 = v(date(2026, 6, 1), text="市")
    lv = v(date(2026, 6, 1), text="县")
    got = applicable([a1], date(2026, 6, 1), COUNTY_A, [Variant(COUNTY_A, LOCAL_VERSION, (lv,))])
    assert got.local is lv


def test_a_newer_local_version_answers_the_city_revision():
    a0, a1 = v(date(2026, 1, 1)), v(date(2026, 6, 1))
    l0, l1 = v(date(2026, 2, 1), text="县一"), v(date(2026, 7, 1), text="县二")
    got = applicable([a0, a1], date(2026, 7, 1), COUNTY_A, [Variant(COUNTY_A, LOCAL_VERSION, (l0, l1))])
    assert got.local is l1 and got.stale_local is None


def test_supplement_shown_with_the_rule_and_flagged_after_a_city_revision():
    a0, a1 = v(date(2026, 1, 1), text="市 A/0"), v(date(2026, 6, 1), text="市 A/1")
    s = v(date(2026, 3, 1), text="本县窗口另需登记")
    variants = [Variant(COUNTY_A, SUPPLEMENT, (s,), document_id=9)]
    mid = applicable([a0, a1], date(2026, 4, 1), COUNTY_A, variants)
    assert mid.supplements == (s,) and mid.stale_supplements == ()
    assert mid.text() == "市 A/0\n\n## 补充规定\n\n本县窗口另需登记\n"
    late = applicable([a0, a1], date(2026, 6, 1), COUNTY_A, variants)
    assert late.supplements == (s,) and late.stale_supplements == (s,)
    assert applicable([a0, a1], date(2026, 4, 1), COUNTY_B, variants).supplements == ()


def test_supplement_withdrawn_or_repealed_is_no_longer_in_force():
    city = [v(date(2026, 1, 1))]
    draft_only = Variant(COUNTY_A, SUPPLEMENT, (v(None, status="withdrawn"),), document_id=1)
    repealed = Variant(COUNTY_A, SUPPLEMENT, (v(date(2026, 2, 1)),), repealed_on=date(2026, 4, 1), document_id=2)
    assert applicable(city, date(2026, 3, 31), COUNTY_A, [draft_only, repealed]).supplements == repealed.versions
    assert applicable(city, date(2026, 4, 1), COUNTY_A, [draft_only, repealed]).supplements == ()


def test_unapproved_local_versions_do_not_count():
    city = [v(date(2026, 1, 1), text="市")]
    variants = [
        Variant(COUNTY_A, LOCAL_VERSION, (v(date(2026, 2, 1), status="draft"), v(date(2026, 2, 1), status="in_review")))
    ]
    assert applicable(city, date(2026, 3, 1), COUNTY_A, variants).local is None


def test_city_repeal_ends_the_variants_too():
    city = [v(date(2026, 1, 1))]
    variants = [
        Variant(COUNTY_A, LOCAL_VERSION, (v(date(2026, 2, 1)),)),
        Variant(COUNTY_A, SUPPLEMENT, (v(date(2026, 2, 1)),)),
    ]
    got = applicable(city, date(2026, 9, 1), COUNTY_A, variants, upstream_repealed_on=date(2026, 9, 1))
    assert got.handed_down is None and got.local is None and got.supplements == ()


def test_the_rules_own_center_ignores_variants():
    city = [v(date(2026, 1, 1))]
    variants = [Variant(CITY, LOCAL_VERSION, (v(date(2026, 2, 1)),))]
    got = applicable(city, date(2026, 3, 1), CITY, variants, upstream_center_id=CITY)
    assert got.local is None and got.text_version is city[0]


def test_city_sees_which_centers_have_variants_in_force():
    variants = [
        Variant(COUNTY_A, SUPPLEMENT, (v(date(2026, 1, 1)),)),
        Variant(COUNTY_A, LOCAL_VERSION, (v(date(2026, 1, 1)),)),
        Variant(COUNTY_B, SUPPLEMENT, (v(date(2026, 8, 1)),)),
    ]
    assert centers_with_variants(variants, date(2026, 3, 1)) == {COUNTY_A: (SUPPLEMENT, LOCAL_VERSION)}
    assert set(centers_with_variants(variants, date(2026, 8, 1))) == {COUNTY_A, COUNTY_B}


def test_unknown_variant_kind_is_refused():
    with pytest.raises(ValueError):
        Variant(COUNTY_A, "amendment", ())
