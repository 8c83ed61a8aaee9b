"""Issue 14: two articles both numbered 第七条 passed submit and approval without a warning."""

import pytest

from app.documents.logic import numbering

DUP = "## 第一章 总则\n\n第一条　目的。\n\n第二条　范围。\n\n第三条　职责。\n\n第四条　甲。\n\n第五条　乙。\n\n第六条　丙。\n\n**第七条**　丁。\n\n第七条　戊。\n"


def test_duplicates_gaps_and_order_are_named():
    r = numbering.check(DUP)
    assert r.duplicates == ["第七条"] and r.messages == ["条文编号重复：「第七条」出现 2 次。"]
    gap = numbering.check("第一条 a\n第二条 b\n第五条 c\n第五条之一 d\n第六条 e")
    assert gap.duplicates == [] and gap.messages == ["条文编号不连续：「第五条」之前缺少第三条、第四条。"]
    order = numbering.check("第一条 a\n第三条 b\n第二条 c")
    assert "顺序颠倒：「第二条」" in " ".join(order.messages)
    assert numbering.check("# 第一条 标题不是条文\n第一条 a\n第二条 b").ok
    assert numbering.check("没有条文的文件。").ok


def test_submit_warns_the_sign_page_names_it_and_approval_is_refused(client, auth, team):
    from app.documents import services
    from app.documents.logic import lifecycle as lc
    from app.documents.services import DocumentError
    from app.extensions import db

    doc = services.create_document(team.author, "rule", "编号重复的规定", "窗口管理", "综合科", 12, "all", DUP)
    v = doc.versions[0]
    db.session.commit()
    auth.login(team.author)
    html = client.post(f"/documents/versions/{v.id}/submit", follow_redirects=True).get_data(as_text=True)
    assert "条文编号重复：「第七条」出现 2 次" in html
    auth.logout()
    auth.login(team.reviewer)
    html = client.get(f"/documents/versions/{v.id}/sign").get_data(as_text=True)
    assert "条文编号重复：「第七条」" in html
    services.sign(team.reviewer, v, team.password, "审核通过")
    db.session.commit()
    with pytest.raises(DocumentError, match="第七条"):
        services.sign(team.approver, v, team.password, "批准")
    db.session.rollback()
    assert v.status == lc.IN_REVIEW
    services.sign(team.approver, v, team.password, "驳回", "第七条重复，请改正")
    assert v.status == lc.DRAFT
