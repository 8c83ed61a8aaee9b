from app.rules.logic.articles import chapters, cn_to_int, find_article, int_to_cn, split_articles

RULE = """# 示范规定

## 第一章　总则

第一条　为了规范窗口服务，制定本规定。

第二条 本规定适用于：

1. 进驻窗口；
2. 综合窗口。

### 第一节 一般规定

**第三条** 工作人员应当挂牌上岗。

## 第二章 附则

第一百零三条　本规定自发布之日起施行。
"""


def test_chinese_numerals_round_trip():
    for n in (1, 9, 10, 11, 17, 20, 99, 100, 103, 110, 200, 1001):
        assert cn_to_int(int_to_cn(n)) == n
    assert cn_to_int("十七") == 17 and cn_to_int("两百") == 200 and cn_to_int("x") is None


def test_split_articles_keeps_chapters_sections_and_continuations():
    arts = split_articles(RULE)
    assert [(a.chapter, a.number_int) for a in arts] == [
        ("第一章 总则", 1),
        ("第一章 总则", 2),
        ("第一章 总则", 3),
        ("第二章 附则", 103),
    ]
    assert arts[0].text == "为了规范窗口服务，制定本规定。"
    assert arts[1].text == "本规定适用于：\n1. 进驻窗口；\n2. 综合窗口。"
    assert arts[2].section == "第一节 一般规定" and arts[2].text == "工作人员应当挂牌上岗。"
    assert arts[3].number_cn == "一百零三" and arts[3].label == "第一百零三条"
    assert [c for c, _ in chapters(arts)] == ["第一章 总则", "第二章 附则"]
    assert find_article(arts, "第三条") is arts[2] and find_article(arts, 103) is arts[3]


def test_article_reference_inside_text_is_not_a_new_article():
    arts = split_articles("第一条　依照第五条规定执行。\n第二条　见本规定第一章。")
    assert [a.number_int for a in arts] == [1, 2]
    assert arts[1].text == "见本规定第一章。"


def test_display_markdown_puts_items_on_their_own_paragraphs():
    art = split_articles(
        "第二条 本规定适用于：\n（一）进驻窗口；\n（二）综合窗口。\n| 项目 | 分值 |\n|---|---|\n| 纪律 | 25 |"
    )[0]
    assert art.display_markdown() == (
        "**第二条**　本规定适用于：\n\n（一）进驻窗口；\n\n（二）综合窗口。\n\n"
        "| 项目 | 分值 |\n|---|---|\n| 纪律 | 25 |"
    )


def test_the_rules_split_and_the_word_import_agree_on_what_an_article_is():
    """One definition (app/core/cn_numerals.ARTICLE): an article written with a colon or in bold is
    an article both for the rule's article list and for the .docx import's normalised paragraph."""
    from app.documents.docx_io import _norm_para

    md = "第一条：窗口按时开放。\n\n**第二条** 首问负责。\n\n第三条 一次告知。"
    assert [(a.number_int, a.text) for a in split_articles(md)] == [
        (1, "窗口按时开放。"),
        (2, "首问负责。"),
        (3, "一次告知。"),
    ]
    assert [_norm_para(p) for p in md.split("\n\n")] == [
        "第一条\u3000窗口按时开放。",
        "第二条\u3000首问负责。",
        "第三条\u3000一次告知。",
    ]
