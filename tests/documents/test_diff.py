"""Article-by-article compare with per-character marks."""

import re

from app.documents.docx_io import int_to_cn
from app.documents.logic.diff import ArticleChange, compare_markdown, split_blocks, summary

BASE = """## 第一章 总则

第一条　为了规范窗口服务行为，提高办事群众满意度，制定本制度。

第二条　本制度适用于中心各进驻部门窗口。

第三条　窗口工作人员应当遵守下列规定：

（一）按时到岗，不迟到早退；

（二）文明用语，热情服务。

## 第二章 附则

第四条　本制度由中心办公室负责解释。

第五条　本制度自发布之日起施行。
"""


def _rule(n: int, changed=(), inserted_after=None) -> str:
    """A rule of n articles in five chapters; `changed` articles get one word replaced."""
    out = []
    number = 0
    for i in range(1, n + 1):
        if (i - 1) % (n // 5) == 0:
            out.append(f"## 第{int_to_cn((i - 1) // (n // 5) + 1)}章 第{(i - 1) // (n // 5) + 1}部分规定")
        number += 1
        verb = "应当及时" if i in changed else "应当按照规定"
        out.append(
            f"第{int_to_cn(number)}条　窗口事项{i}的办理人员{verb}受理申请，核对材料编号{i * 7}，"
            f"在承诺时限内办结并告知申请人结果，不得推诿。"
        )
        if i % 10 == 0:
            out.append(f"（一）事项{i}的首问责任；")
            out.append(f"（二）事项{i}的限时办结。")
        if inserted_after == i:
            number += 1
            out.append(f"第{int_to_cn(number)}条　新设的综合窗口统一收件，后台分类流转，办结后统一出件。")
    return "\n\n".join(out) + "\n"


def _marks(html: str, tag: str) -> list[str]:
    return re.findall(rf'<{tag} class="diff">(.*?)</{tag}>', html)


def test_blocks_keep_items_with_their_article():
    blocks = split_blocks(BASE)
    assert [(b.kind, b.label) for b in blocks] == [
        ("heading", "第一章"),
        ("article", "第一条"),
        ("article", "第二条"),
        ("article", "第三条"),
        ("heading", "第二章"),
        ("article", "第四条"),
        ("article", "第五条"),
    ]
    assert blocks[3].text.endswith("（二）文明用语，热情服务。") and blocks[3].text.count("\n") == 2


def test_unchanged_versions_are_all_same():
    changes = compare_markdown(BASE, BASE)
    assert all(isinstance(c, ArticleChange) for c in changes)
    assert summary(changes) == {"same": 7, "changed": 0, "added": 0, "removed": 0}
    assert "<del" not in "".join(c.old_html + c.new_html for c in changes)


def test_one_character_changed_marks_only_that_character():
    new = BASE.replace("制定本制度", "制订本制度")
    changes = compare_markdown(BASE, new)
    assert summary(changes) == {"same": 6, "changed": 1, "added": 0, "removed": 0}
    change = next(c for c in changes if c.kind == "changed")
    assert change.key == "第一条"
    assert _marks(change.old_html, "del") == ["定"] and _marks(change.new_html, "ins") == ["订"]
    assert _marks(change.old_html, "ins") == [] and _marks(change.new_html, "del") == []
    assert (
        change.new_html == '第一条\u3000为了规范窗口服务行为，提高办事群众满意度，制<ins class="diff">订</ins>本制度。'
    )


def test_change_inside_an_item_is_part_of_the_article():
    new = BASE.replace("不迟到早退", "不得迟到早退")
    change = next(c for c in compare_markdown(BASE, new) if c.kind == "changed")
    assert change.key == "第三条" and _marks(change.new_html, "ins") == ["得"]
    assert "<br>" in change.new_html  # the items stay on their own lines


def test_added_and_removed_articles():
    without_last = BASE.replace("\n\n第五条　本制度自发布之日起施行。", "")
    changes = compare_markdown(BASE, without_last)
    assert summary(changes) == {"same": 6, "changed": 0, "added": 0, "removed": 1}
    gone = changes[-1]
    assert gone.kind == "removed" and gone.key == "第五条"
    assert gone.old_text == "第五条\u3000本制度自发布之日起施行。" and gone.new_html == ""
    assert gone.old_html == '<del class="diff">第五条\u3000本制度自发布之日起施行。</del>'
    changes = compare_markdown(without_last, BASE)
    assert [c.kind for c in changes] == ["same"] * 6 + ["added"]
    assert changes[-1].key == "第五条" and changes[-1].new_html.startswith('<ins class="diff">第五条')


def test_removing_a_middle_article_renumbers_the_rest():
    without_fourth = BASE.replace("第四条　本制度由中心办公室负责解释。\n\n第五条", "第四条")
    changes = compare_markdown(BASE, without_fourth)
    assert [(c.kind, c.key) for c in changes][-2:] == [("removed", "第四条"), ("changed", "第四条（原第五条）")]
    assert summary(changes) == {"same": 5, "changed": 1, "added": 0, "removed": 1}


def test_renumbered_articles_align_by_content():
    old, new = _rule(20), _rule(20, inserted_after=5)
    changes = compare_markdown(old, new)
    counts = summary(changes)
    assert counts["added"] == 1 and counts["removed"] == 0
    added = next(c for c in changes if c.kind == "added")
    assert added.key == "第六条" and "综合窗口" in added.new_text
    shifted = [c for c in changes if c.kind == "changed"]
    assert len(shifted) == 15  # 第六条…第二十条 are now 第七条…第二十一条
    assert shifted[0].key == "第七条（原第六条）" and all(c.renumbered for c in shifted)
    assert not any(c.renumbered for c in changes if c.kind != "changed")
    assert _marks(shifted[0].old_html, "del") == ["六"] and _marks(shifted[0].new_html, "ins") == ["七"]
    assert shifted[0].old_text.split("\u3000", 1)[1] == shifted[0].new_text.split("\u3000", 1)[1]


def test_renumbered_and_edited_article_still_pairs():
    old = "第一条　甲。\n\n第二条　窗口人员应当按照服务规范接待办事群众，做到有问必答。\n"
    new = "第一条　甲。\n\n第二条　新增条款的内容完全不同。\n\n第三条　窗口人员应当按照服务规范热情接待办事群众，做到有问必答。\n"
    changes = compare_markdown(old, new)
    assert [(c.kind, c.key) for c in changes] == [
        ("same", "第一条"),
        ("added", "第二条"),
        ("changed", "第三条（原第二条）"),
    ]
    assert "热情" in _marks(changes[2].new_html, "ins")


def test_rewritten_article_keeps_its_number():
    old = "第一条　甲乙丙。\n\n第二条　窗口每日八时三十分开始办公。\n\n第三条　丁戊己。\n"
    new = "第一条　甲乙丙。\n\n第二条　投诉电话向社会公布并专人值守。\n\n第三条　丁戊己。\n"
    changes = compare_markdown(old, new)
    assert [(c.kind, c.key) for c in changes] == [("same", "第一条"), ("changed", "第二条"), ("same", "第三条")]
    assert not changes[1].renumbered
    # shown as replaced as a whole, not as scattered single characters
    assert changes[1].old_html == '第二条\u3000<del class="diff">窗口每日八时三十分开始办公</del>。'
    assert changes[1].new_html == '第二条\u3000<ins class="diff">投诉电话向社会公布并专人值守</ins>。'


def test_unnumbered_paragraphs_pair_by_similarity():
    old = "本程序规定了文件控制的要求。\n\n适用于中心质量管理体系文件。\n\n职责由办公室承担。\n"
    new = "本程序规定了文件和资料控制的要求。\n\n职责由综合办公室承担。\n"
    changes = compare_markdown(old, new)
    assert [c.kind for c in changes] == ["changed", "removed", "changed"]
    assert _marks(changes[0].new_html, "ins") == ["和资料"]
    assert _marks(changes[2].new_html, "ins") == ["综合"]


def _unmark(html: str) -> str:
    """Drop our own markup; what is left must hold no raw tag."""
    return re.sub(r'</?(ins|del)( class="diff")?>|<br>', "", html)


def test_keys_of_unnumbered_blocks_are_short():
    old = "本程序适用于中心质量管理体系文件的编制、审核、批准、发布和修订。\n\n| 序号 | 目标 | 指标值 |\n| --- | --- | --- |\n| 1 | 办结率 | 98% |\n"
    new = old.replace("98%", "99%") + "\n- 新增一项要求\n"
    changes = compare_markdown(old, new)
    assert [(c.kind, c.key) for c in changes] == [
        ("same", "本程序适用于中心质量管理体系文…"),
        ("changed", "表格：序号、目标、指标值"),
        ("added", "列表：新增一项要求"),
    ]
    assert _marks(changes[1].new_html, "ins") == ["9"] and "<br>" in changes[1].new_html


def test_html_is_escaped():
    old = "第一条　显示<b>粗体</b>与&符号。\n"
    new = "第一条　显示<script>alert(1)</script>与&符号。\n"
    for change in (compare_markdown(old, new)[0], compare_markdown("", new)[0], compare_markdown(old, "")[0]):
        for html in (change.old_html, change.new_html):
            assert "<" not in _unmark(html) and ">" not in _unmark(html)
    change = compare_markdown(old, new)[0]
    assert change.kind == "changed"
    assert _unmark(change.new_html) == "第一条\u3000显示&lt;script&gt;alert(1)&lt;/script&gt;与&amp;符号。"
    assert _unmark(change.old_html) == "第一条\u3000显示&lt;b&gt;粗体&lt;/b&gt;与&amp;符号。"
    same = compare_markdown(old, old)[0]
    assert same.old_html == "第一条\u3000显示&lt;b&gt;粗体&lt;/b&gt;与&amp;符号。"


def test_empty_inputs():
    assert compare_markdown("", "") == []
    assert summary([]) == {"same": 0, "changed": 0, "added": 0, "removed": 0}


def test_two_hundred_article_rule():
    """The counts of a large revision; its time is measured by bench/documents.py (no wall clock here)."""
    old = _rule(200)
    new = _rule(200, changed={3, 50, 51, 120, 199}, inserted_after=100)
    counts = summary(compare_markdown(old, new))
    assert counts["added"] == 1 and counts["removed"] == 0
    assert counts["changed"] == 103  # 3 edited before the insert, 100 renumbered after it
    assert counts["same"] == 5 + 100 - 3  # 5 chapter headings and the untouched early articles
