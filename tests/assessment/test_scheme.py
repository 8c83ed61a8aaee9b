import json

import pytest

from app.assessment.logic import schemes as sch


def test_default_scheme_matches_domain():
    s = sch.default_scheme()
    assert [(c.name, c.weight) for c in s.categories] == [
        ("工作纪律", 25),
        ("服务规范", 20),
        ("办件效率与质量", 30),
        ("廉政与收费", 10),
        ("好差评", 5),
        ("档案与卫生", 5),
        ("学习培训", 5),
    ]
    idx = s.item_index()
    assert idx["D1"][1].points == 1 and idx["D1"][1].unit == "person_time"
    assert idx["D2"][1].points == 2 and idx["D2"][1].unit == "half_day"
    assert idx["D3"][1].points == 3 and idx["D5"][1].unit == "day" and idx["D6"][1].points == 2
    assert idx["S5"][1].points == 5 and idx["E1"][1].points == 5 and idx["E3"][1].points == 3
    assert (idx["E4"][1].points, idx["E4"][1].max_points) == (2, 5)
    assert idx["I1"][1].points == 5 and idx["R2"][1].points == 2
    assert s.bonus_cap == 10 and [i.points for i in s.bonus_items] == [1, 2, 3, 1]
    assert len(s.veto_items) == 5
    rf = s.red_flag
    assert (rf.top_n, rf.share, rf.minimum, rf.threshold, rf.mode) == (3, 0.10, 1, 95, "min")
    m = s.exemplars
    assert (m.w_score, m.w_ballot, m.w_public, m.w_leader, m.quota_share, m.per_window) == (40, 30, 20, 10, 0.10, 1)


def test_bundled_versions():
    a0, a1 = sch.scheme_2019(), sch.scheme_2021()
    assert a0.bonus_cap == 5 and a1.bonus_cap == 5
    assert {c.code: c.weight for c in a0.categories}["A"] == 10 and "R" not in {c.code for c in a0.categories}
    assert {c.code: c.weight for c in a1.categories}["R"] == 5
    for s in (a0, a1, sch.default_scheme()):
        s.validate()


def test_json_round_trip():
    for factory in sch.BUNDLED.values():
        s = factory()
        assert sch.from_json(sch.to_json(s)) == s


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["categories"][0].update(weight=30), "合计"),
        (lambda d: d["categories"][0]["items"][0].update(points=0), "大于 0"),
        (lambda d: d["categories"][0]["items"][0].update(unit="week"), "计分单位"),
        (lambda d: d["categories"][1]["items"][0].update(code="D1"), "重复"),
        (lambda d: d["red_flag"].update(mode="lottery"), "名额方式"),
        (lambda d: d["exemplars"].update(w_score=50), "100"),
        (lambda d: d["red_flag"].update(colour="red"), "未知设置项"),
        (lambda d: d.pop("categories"), "格式有误"),
    ],
)
def test_invalid_schemes_are_refused_in_chinese(mutate, message):
    d = sch.to_dict(sch.default_scheme())
    mutate(d)
    with pytest.raises(sch.SchemeError, match=message):
        sch.from_dict(d)


def test_bad_json_names_the_line():
    with pytest.raises(sch.SchemeError, match="第 2 行"):
        sch.from_json('{\n "name": }')
    with pytest.raises(sch.SchemeError):
        sch.from_json(json.dumps([1, 2]))


def test_scheme_form_round_trip_and_changes():
    from app.assessment.logic import scheme_form

    base = sch.default_scheme()
    values = scheme_form.values_of(base)
    assert (
        values["w-D"] == "25" and values["rf-share"] == "10" and values["m-E4"] == "5" and values["rf-quarterly"] == "1"
    )
    assert scheme_form.apply(base, values) == base
    changed = dict(
        values,
        **{
            "w-D": "20",
            "w-E": "35",
            "p-D1": "0.5",
            "bonus_cap": "8",
            "rf-share": "20",
            "rf-quarterly": "",
            "ms-w_score": "50",
            "ms-w_leader": "0",
        },
    )
    s = scheme_form.apply(base, changed)
    cats = {c.code: c.weight for c in s.categories}
    assert cats["D"] == 20 and cats["E"] == 35 and s.item_index()["D1"][1].points == 0.5
    assert s.bonus_cap == 8 and s.red_flag.share == 0.2 and not s.red_flag.quarterly and s.exemplars.w_score == 50
    with pytest.raises(sch.SchemeError, match="不是数字") as exc:
        scheme_form.apply(base, dict(values, **{"p-D1": "一分", "w-S": "x"}))
    assert "迟到、早退" in str(exc.value) and "服务规范" in str(exc.value)
    with pytest.raises(sch.SchemeError, match="合计"):
        scheme_form.apply(base, dict(values, **{"w-D": "30"}))
