"""Found on the QA tour of the search page: filter-only and out-of-range pages say what happened,
typed category/authority filters match part of a name, window staff are not offered draft
statuses, and table rules of Markdown forms do not leak into snippets."""

from tests.search.helpers import controlled, gov


def test_filter_only_and_page_out_of_range_messages(app, client, users, auth):
    gov("行政许可事项限时办结规定", "实行限时办结制度。", category="行政审批")
    auth.login(users["window_staff"])
    html = client.get("/search/?kind=govdoc&year=1999").get_data(as_text=True)
    assert "没有符合筛选条件的文件" in html and "包含“”" not in html
    html = client.get("/search/?q=限时办结&page=9").get_data(as_text=True)
    assert "第 9 页已超出范围" in html and "回到第 1 页" in html


def test_typed_authority_and_category_match_part_of_the_name(app, client, users, auth):
    gov("行政许可事项限时办结规定", "实行限时办结制度。", category="行政审批", issuer="示范市政务服务管理局")
    gov("窗口服务规范", "限时办结，首问负责。", category="窗口管理", issuer="示范市人民政府办公室")
    auth.login(users["window_staff"])
    html = client.get("/search/?q=限时办结&authority=政务服务管理局").get_data(as_text=True)
    assert "共找到 1 个文件" in html and "行政许可事项" in html
    html = client.get("/search/?q=限时办结&category=窗口").get_data(as_text=True)
    assert "共找到 1 个文件" in html and "窗口服务规范" in html
    assert '<option value="示范市政务服务管理局">' in html  # offered in the datalist


def test_window_staff_are_not_offered_draft_statuses(app, client, users, auth):
    auth.login(users["window_staff"])
    html = client.get("/search/").get_data(as_text=True)
    assert ">草稿</option>" not in html and ">审核中</option>" not in html and ">现行</option>" in html
    auth.logout()
    auth.login(users["doc_manager"])
    assert ">草稿</option>" in client.get("/search/").get_data(as_text=True)


def test_snippets_drop_markdown_table_rules_and_mark_the_number(app, client, users, auth):
    controlled("一次性告知单", "表单内容\n\n| 栏目 | 填写内容 |\n|---|---|\n| 告知单编号 | 窗口编号 |\n| 联系电话 | |")
    gov("关于全面推行首问负责制的通知", "首问责任人应当热情接待。", number="示政办〔2024〕12号")
    auth.login(users["window_staff"])
    html = client.get("/search/?q=告知单编号").get_data(as_text=True)
    assert "<mark>告知单编号</mark>" in html and "---" not in html and "|" not in html.split("search-results")[1]
    html = client.get("/search/?q=〔2024〕").get_data(as_text=True)
    assert "示政办<mark>〔2024〕</mark>12号" in html


def test_opened_result_marks_every_term_of_an_or_query(app, client, users, auth):
    g = gov("行政许可事项限时办结规定", "实行限时办结制度。")
    auth.login(users["window_staff"])
    html = client.get("/search/?q=首问 OR 限时").get_data(as_text=True)
    assert f"/govdocs/{g.id}?hl=%E9%A6%96%E9%97%AE+OR+%E9%99%90%E6%97%B6#hl-1" in html
    page = client.get(f"/govdocs/{g.id}?hl=首问 OR 限时").get_data(as_text=True)
    assert '<mark id="hl-1">限时</mark>' in page
    assert "返回检索结果" in page and "q=%E9%A6%96%E9%97%AE+OR+%E9%99%90%E6%97%B6" in page
