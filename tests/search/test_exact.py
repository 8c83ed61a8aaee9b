"""Exactness for Chinese: recall and precision of substring queries, query syntax, ranking."""

import pytest

from app.search.backend import get_backend
from tests.search.helpers import controlled, gov, keys


@pytest.fixture
def corpus(app):
    docs = {
        "shouwen": gov(
            "关于全面推行首问负责制的通知",
            "第一位接待办事群众的工作人员为首问责任人。实行首问负责制，不得推诿。",
            number="示政办〔2024〕12号",
        ),
        "gaozhi": gov(
            "关于落实一次性告知制度的通知",
            "窗口工作人员应当一次性告知申请人需要补正的全部内容。",
            number="示政办〔2024〕13号",
            issued=__import__("datetime").date(2024, 3, 20),
        ),
        "xuke": gov(
            "行政许可事项限时办结规定",
            "行政许可事项应当在承诺时限内办结，实行限时办结制度。2004年7月1日起施行。",
            number="示政服发〔2005〕46号",
            category="行政审批",
            issuer="示范市政务服务管理局",
            issued=__import__("datetime").date(2005, 6, 1),
        ),
        "apart": gov("法律常识读本", "人民群众的权利。民法是基本法律。法院依法审判。", category="其他"),
        "court": gov("诉讼服务指南", "向人民法院提起诉讼，应当提交起诉状。", category="其他"),
        "iso": gov("质量体系认证通知", "按照 ISO 9001:2015 标准建立体系，即ISO9001认证。", category="质量"),
        "minzheng": gov("民政事项办理指南", "民政部门负责婚姻登记。民政窗口设在二楼。", category="民政"),
        "renmin": gov("政府工作报告摘要", "示范市人民政府召开常务会议。人民政府各部门参加。", category="其他"),
    }
    return {k: f"gd:{v.id}" for k, v in docs.items()}


def find(q, **kw):
    return set(keys(get_backend().search(q, per_page=None, **kw)))


@pytest.mark.parametrize(
    "query,expected",
    [
        ("行政许可", {"xuke"}),
        ("一次性告知", {"gaozhi"}),
        ("首问负责制", {"shouwen"}),
        ("限时办结", {"xuke"}),
    ],
)
def test_chinese_terms_found(corpus, query, expected):
    assert find(query) == {corpus[k] for k in expected}


@pytest.mark.parametrize("query", ["性告知申", "员应当一", "责制，不", "问负"])
def test_substrings_across_jieba_word_boundaries(corpus, query):
    # jieba cuts 一次性/告知/申请人 and 首问/负责制: these pieces straddle its cuts
    assert (
        query in "窗口工作人员应当一次性告知申请人需要补正的全部内容。" or query in "实行首问负责制，不得推诿。第一位"
    )
    assert corpus["gaozhi"] in find(query) or corpus["shouwen"] in find(query)


def test_precision_bigrams_present_but_never_together(corpus):
    # 法律常识读本 has 人民, 民法 and 法院, but never 人民法院
    assert find("人民法院") == {corpus["court"]}
    assert corpus["apart"] in find("民法") and corpus["apart"] in find("法院")


def test_single_character(corpus):
    assert find("诿") == {corpus["shouwen"]}
    assert find("婚") == {corpus["minzheng"]}
    assert find("罕") == set()


def test_numbers_and_mixed_text_as_typed(corpus):
    assert find("〔2024〕12号") == {corpus["shouwen"]}
    assert find("示政办〔2024〕13号") == {corpus["gaozhi"]}
    assert find("〔2005〕46号") == {corpus["xuke"]}
    assert find("2004年") == {corpus["xuke"]}
    assert find("ISO9001") == {corpus["iso"]}
    assert find("iso9001") == {corpus["iso"]}
    assert find("〔2024〕") == {corpus["shouwen"], corpus["gaozhi"]}  # punctuation only at the edges


def test_phrases_and_or_and_exclusion(corpus):
    assert find('"iso 9001"') == {corpus["iso"]}
    assert find("“一次性告知”") == {corpus["gaozhi"]}
    assert find("窗口 告知") == {corpus["gaozhi"]}  # AND by default
    assert find("首问 OR 婚姻") == {corpus["shouwen"], corpus["minzheng"]}
    assert find("首问 | 民政") == {corpus["shouwen"], corpus["minzheng"], corpus["renmin"]}  # 人民政府 holds 民政
    assert find("窗口 -告知") == {corpus["minzheng"]}
    assert find("通知 -首问 -告知") == {corpus["iso"]}


def test_title_match_ranks_first_and_whole_word_above_chance_substring(corpus):
    hits = keys(get_backend().search("限时办结", per_page=None))
    assert hits[0] == corpus["xuke"]
    got = keys(get_backend().search("民政", per_page=None))
    assert set(got) == {corpus["minzheng"], corpus["renmin"]}  # 人民政府 contains 民政 by chance
    assert got[0] == corpus["minzheng"]
    body = gov("婚姻登记须知", "婚姻登记由民政部门办理，民政窗口受理。")
    other = gov("会议纪要", "人民政府会议。人民政府决定。人民政府通知。")
    order = keys(get_backend().search("民政 -指南", per_page=None))
    assert order.index(f"gd:{body.id}") < order.index(f"gd:{other.id}")


def test_filters_and_sorting(app, corpus):
    b = get_backend()
    assert set(keys(b.search("通知", filters={"category": "政务服务"}, per_page=None))) == {
        corpus["shouwen"],
        corpus["gaozhi"],
    }
    assert set(keys(b.search("", filters={"year": "2005"}, per_page=None))) == {corpus["xuke"]}
    assert set(keys(b.search("办结", filters={"authority": "示范市政务服务管理局"}, per_page=None))) == {corpus["xuke"]}
    v = controlled("窗口服务规范", "窗口工作人员应当一次性告知。")
    assert keys(b.search("一次性告知", filters={"kind": "rule"}, per_page=None)) == [f"dv:{v.id}"]
    assert keys(b.search("一次性告知", filters={"kind": "govdoc"}, per_page=None)) == [corpus["gaozhi"]]
    assert keys(b.search("一次性告知", filters={"status": "现行"}, per_page=None)) == [f"dv:{v.id}"]
    by_date = keys(b.search("通知", sort="date", per_page=None))
    assert by_date.index(corpus["gaozhi"]) < by_date.index(corpus["shouwen"])


def test_pagination(app):
    for i in range(25):
        gov(f"第{i}号公告", "行政许可公告正文")
    b = get_backend()
    first, second = b.search("行政许可", per_page=20), b.search("行政许可", page=2, per_page=20)
    assert first.total == second.total == 25
    assert len(first.hits) == 20 and len(second.hits) == 5
    assert not set(keys(first)) & set(keys(second))


def test_every_hit_listed_once(corpus):
    gov("婚姻登记须知", "婚姻登记由民政部门办理，民政窗口受理。")
    gov("会议纪要", "人民政府会议。人民政府决定。")
    for q in ("民政", "民政 -指南", "通知", "的", "人民 OR 民政"):
        got = keys(get_backend().search(q, per_page=None))
        assert len(got) == len(set(got)), q
