"""Issue 14 "also found": a 发文字号 typed with 〔〕 [] ［］ （） () is one form in queries and in the
index, and quotation marks between query characters do not break a match; the search box has
one parser of query terms (search results, snippets and the opened document's marks)."""

import pytest

from app.core import highlight, searchquery
from app.search import analysis
from app.search.backend import get_backend
from tests.search.helpers import gov, keys


def find(q, **kw):
    return keys(get_backend().search(q, per_page=None, **kw))


@pytest.mark.parametrize(
    "typed",
    [
        "示政办〔2024〕12号",
        "示政办[2024]12号",
        "示政办(2024)12号",
        "示政办（2024）12号",
        "示政办［2024］12号",
        "[2024]12号",
    ],
)
def test_document_number_in_any_bracket_form_finds_the_official_one(app, typed):
    g = gov("关于全面推行首问负责制的通知", "首问责任人应当热情接待。", number="示政办〔2024〕12号")
    gov("其他通知", "示政办〔2024〕13号另行通知。")
    assert find(typed) == [f"gd:{g.id}"]


def test_number_typed_with_square_brackets_in_the_document_is_found_by_the_official_form(app):
    g = gov("关于改进政务服务的意见", "根据鲁政办发[2004]104号文件精神，制定本意见。")
    assert find("鲁政办发〔2004〕104号") == [f"gd:{g.id}"]
    assert find("鲁政办发(2004)104号") == [f"gd:{g.id}"]


def test_quotation_marks_between_query_characters_do_not_break_a_match(app):
    title = gov("关于开展“流动红旗”评选活动的通知", "每月评选一次。")
    body = gov("窗口表彰办法", '年度开展"流动红旗"评选和‘服务之星’推荐。')
    assert set(find("流动红旗评选")) == {f"gd:{title.id}", f"gd:{body.id}"}
    assert find("服务之星推荐") == [f"gd:{body.id}"]
    assert find("“流动红旗”评选") and set(find("“流动红旗”评选")) == {f"gd:{title.id}", f"gd:{body.id}"}
    assert get_backend().search("流动红旗评选", per_page=20).hits[0].key == f"gd:{title.id}"  # the title hit first


def test_search_page_marks_the_passage_as_written(app, client, users, auth):
    gov("关于开展“流动红旗”评选活动的通知", "依据鲁政办发[2004]104号开展评选。")
    auth.login(users["window_staff"])
    html = client.get("/search/?q=流动红旗评选").get_data(as_text=True)
    assert "共找到 1 个文件" in html and "<mark>流动红旗”评选</mark>" in html
    html = client.get("/search/?q=鲁政办发〔2004〕104号").get_data(as_text=True)
    assert "<mark>鲁政办发[2004]104号</mark>" in html


def test_opened_document_marks_the_other_bracket_form_and_quoted_text():
    out = str(
        highlight.mark_html(
            "<p>开展&#34;流动红旗&#34;评选，依据示政办〔2024〕12号。</p>", "流动红旗评选 示政办[2024]12号"
        )
    )
    assert '<mark id="hl-1">流动红旗&#34;评选</mark>' in out
    assert "<mark>示政办〔2024〕12号</mark>" in out


def test_one_parser_of_query_terms():
    assert highlight.terms_from_query is searchquery.terms_from_query
    assert analysis.parse_query is searchquery.parse_query and analysis.normalize is searchquery.normalize
    q = '"首问 负责" 示政办[2024]12号 OR 告知 -废止 “流动红旗”评选'
    assert (
        highlight.terms_from_query(q)
        == analysis.parse_query(q).terms
        == ["首问 负责", "示政办〔2024〕12号", "告知", "流动红旗", "评选"]
    )
    assert analysis.parse_query(q).excluded == ["废止"]
