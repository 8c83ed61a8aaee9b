"""The hall's Word notices in the GB/T 9704 layout (app/documents/official_docx.py): the
一次性告知书 of a 补正 and the 季评 results notice. Plain data in, .docx bytes out."""

from __future__ import annotations

import io
from datetime import date

from ...documents.official_docx import OfficialDocument, cn_date
from .materials import FORMS


def supplement_notice(
    center: str,
    number: str,
    applicant: str,
    item_name: str,
    case_number: str,
    window: str,
    missing: list[dict],
    issued_on: date,
    deadline_on: date,
    legal_note: str = "",
) -> io.BytesIO:
    doc = OfficialDocument()
    doc.controlled_copy_line(f"一次性告知书  {number}  办件编号 {case_number}")
    doc.title("补正材料一次性告知书")
    doc.subtitle_line(number)
    doc.paragraph(f"{applicant or '申请人'}：", indent=False)
    doc.paragraph(
        f"您于{cn_date(issued_on)}向本中心{window}窗口申请办理“{item_name}”（办件编号{case_number}）。"
        f"经审查，您提交的申请材料不齐全。根据一次性告知制度，现将需要补正的全部材料一次性告知如下："
    )
    rows = [["序号", "材料名称", "形式", "份数", "设定依据"]]
    for i, m in enumerate(missing, 1):
        name = m["name"] + (f"（表格模板：{m['template']}）" if m.get("template") else "")
        rows.append(
            [
                str(i),
                name,
                FORMS.get(m.get("form"), m.get("form") or ""),
                str(m.get("count") or 1),
                m.get("legal_basis") or "",
            ]
        )
    doc.table(rows, header=True, col_widths_mm=[14, 62, 24, 14, 42])
    doc.paragraph(
        f"请于{cn_date(deadline_on)}前补齐上述材料。补正期间不计入办理时限，自材料补齐之日起继续计时。"
        "除本告知书所列材料外，本中心不再要求您补充其他材料。"
    )
    if legal_note:
        doc.paragraph(legal_note)
    doc.paragraph("如对本告知有异议，可向中心效能投诉窗口反映。")
    doc.signature_block(center, issued_on)
    return doc.save()


def quarter_notice(
    center: str,
    number: str,
    year: int,
    quarter: int,
    rows: list[dict],
    published_on: date,
    publicity_end: date,
    supervisors: int,
    visits: int,
    ratings: int,
    departments: list[dict] | None = None,
) -> io.BytesIO:
    doc = OfficialDocument()
    doc.controlled_copy_line(f"季评公示  {number}")
    doc.title(f"关于{year}年第{quarter}季度\n服务窗口季评结果的公示")
    doc.subtitle_line(number)
    doc.paragraph("各进驻单位、各服务窗口：", indent=False)
    doc.paragraph(
        f"按照季评公示制度，中心对各服务窗口{year}年第{quarter}季度的工作作风、服务态度和办事效率进行了测评。"
        f"本季度共收集群众评价{ratings}条，{supervisors}名效能监督员明察暗访{visits}次。"
        "综合得分按群众评价与效能监督员评分各占一半计算。现将结果公示如下："
    )
    table = [["名次", "窗口", "群众评价", "监督员评分", "综合得分"]]
    for r in rows:
        table.append([str(r["place"] or "—"), r["window"], _n(r["public"]), _n(r["supervisors"]), _n(r["combined"])])
    doc.table(table, header=True, col_widths_mm=[16, 60, 26, 28, 26])
    if departments:
        doc.paragraph("各进驻单位按其全部窗口的群众评价和监督员评分测评，结果如下：")
        table = [["名次", "进驻单位", "群众评价", "监督员评分", "综合得分"]]
        for r in departments:
            table.append(
                [str(r["place"] or "—"), r["department"], _n(r["public"]), _n(r["supervisors"]), _n(r["combined"])]
            )
        doc.table(table, header=True, col_widths_mm=[16, 60, 26, 28, 26])
    doc.paragraph(
        f"公示期自{cn_date(published_on)}至{cn_date(publicity_end)}。对公示结果有异议的，"
        "请在公示期内向中心督查科书面提出申诉，逾期不再受理。"
    )
    doc.signature_block(center, published_on)
    return doc.save()


def _n(v) -> str:
    return "—" if v is None else f"{v:.1f}"
