"""The internal-audit report (9.2.2 d) and the management-review report (9.3.3) as .docx in the
GB/T 9704 layout of the document core. Pure: plain data in (dicts and lists), a stream out."""

from __future__ import annotations

import io

from ...documents.official_docx import OfficialDocument, cn_date
from .vocab import FINDINGS


def audit_report(a: dict) -> io.BytesIO:
    """a: number, title, planned_on, performed_on, issued_on, clauses [(code, title)], places [str],
    basis [str], team [(name, is_leader)], items [(seq, clause, question, finding, evidence, place)],
    ncs [(number, title, state_label)], summary, procedure (e.g. 'SF-QP-03 A/0'), center."""
    doc = OfficialDocument()
    doc.controlled_copy_line(
        f"受控记录  {a['number']}  内部审核报告" + (f"  依据 {a['procedure']}" if a.get("procedure") else "")
    )
    doc.title("内部审核报告")
    doc.subtitle_line(a["number"])
    doc.heading("一、审核目的和范围", 1)
    doc.paragraph(
        f"按照{a['programme']}，对{('、'.join(a['places']) or '全中心')}实施内部审核（{a['title']}），"
        "评价质量管理体系是否符合GB/T 19001-2016和中心的文件要求，是否得到有效实施和保持。"
    )
    doc.paragraph("审核条款：" + "；".join(f"{c} {t}".strip() for c, t in a["clauses"]) + "。")
    doc.heading("二、审核依据", 1)
    for line in a["basis"]:
        doc.list_item(line)
    doc.heading("三、审核组和日期", 1)
    team = "、".join(f"{n}（组长）" if lead else n for n, lead in a["team"])
    doc.paragraph(f"审核组：{team}。审核组成员均不审核本人所在单位、窗口和本人负责的过程。")
    doc.paragraph(f"计划日期{cn_date(a['planned_on'])}，实施日期{cn_date(a['performed_on'])}。")
    doc.heading("四、审核发现", 1)
    counts = {k: sum(1 for i in a["items"] if i[3] == k) for k in FINDINGS}
    doc.paragraph(
        f"检查表共{len(a['items'])}项：符合{counts['conform']}项，观察项{counts['observation']}项，"
        f"不符合{counts['nonconform']}项。"
    )
    rows = [["序号", "条款", "检查内容", "结论", "客观证据"]]
    for seq, clause, question, finding, evidence, place in a["items"]:
        rows.append(
            [str(seq), clause, question + (f"（{place}）" if place else ""), FINDINGS.get(finding, "—"), evidence or ""]
        )
    doc.table(rows, header=True, col_widths_mm=[12, 16, 62, 16, 50])
    doc.heading("五、不合格项及纠正措施", 1)
    if a["ncs"]:
        doc.table([["编号", "不合格", "状态"]] + [list(x) for x in a["ncs"]], header=True, col_widths_mm=[30, 96, 30])
        doc.paragraph(
            "不合格由受审核部门按《纠正措施程序》分析原因、采取纠正措施，审核组跟踪验证；全部关闭后本次审核关闭。"
        )
    else:
        doc.paragraph("本次审核未发现不符合。")
    doc.heading("六、审核结论", 1)
    doc.paragraph(a["summary"] or "（审核组未填写结论）")
    doc.signature_block(a["center"], a["issued_on"])
    return doc.save()


def review_report(r: dict) -> io.BytesIO:
    """r: number, period_start, period_end, held_on, chair, attendees, conclusion, procedure, center,
    inputs {clause: {title, lines, manual, header, rows}} in INPUTS order, actions
    [(text, category_label, owner, due, state_label, link)], carried [(same)]."""
    doc = OfficialDocument()
    doc.controlled_copy_line(
        f"受控记录  {r['number']}  管理评审报告" + (f"  依据 {r['procedure']}" if r.get("procedure") else "")
    )
    doc.title("管理评审报告")
    doc.subtitle_line(r["number"])
    doc.heading("一、会议概况", 1)
    doc.paragraph(
        f"评审期间：{cn_date(r['period_start'])}至{cn_date(r['period_end'])}。会议日期：{cn_date(r['held_on'])}。"
        f"主持人：{r['chair']}。参加人员：{r['attendees']}。"
    )
    doc.heading("二、评审输入", 1)
    for code, block in r["inputs"].items():
        # one 仿宋 paragraph per input, its name in bold (twelve 楷体 headings would outweigh the body)
        lead = f"（{code.removeprefix('9.3.2')}）{block['title']}。"
        body = "".join(block.get("lines", [])) + (f"会议补充：{block['manual']}" if block.get("manual") else "")
        doc.paragraph(lead + body, bold_spans=[(lead, True), (body, False)])
        if block.get("rows") and len(block["rows"]) <= 30:
            doc.table([block["header"]] + [[str(c) for c in row] for row in block["rows"]], header=True)
    doc.heading("三、评审结论", 1)
    doc.paragraph(r["conclusion"] or "（未填写）")
    doc.heading("四、决定和措施", 1)
    if r["carried"]:
        doc.paragraph("以往评审尚未完成的措施：")
        doc.table([["措施", "类别", "负责人", "期限", "状态"]] + [list(x[:5]) for x in r["carried"]], header=True)
    if r["actions"]:
        doc.table(
            [["措施", "类别", "负责人", "期限", "状态", "去向"]] + [list(x) for x in r["actions"]],
            header=True,
            col_widths_mm=[54, 26, 18, 22, 14, 22],
        )
    else:
        doc.paragraph("本次评审未提出新的措施。")
    doc.signature_block(r["center"], r.get("issued_on") or r["held_on"])
    return doc.save()
