"""Publishing: the monthly bulletin (考核通报), the 服务标兵 (exemplar) results and certificates as
.docx in the GB/T 9704 layout (documents' OfficialDocument), and Excel workbooks."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from ...core.spreadsheet import safe_row
from ...core.timeutil import format_date_cn, local_today
from ...documents.official_docx import OfficialDocument
from ..logic import redflag
from ..logic import workflow as wf
from ..logic.ordering import by_window_number, natural_key
from ..models import ACCEPTED, AssessmentMonth, ExemplarCycle
from ..queries import awards
from ..queries.evaluation import month_evaluation


def _num(x: float) -> str:
    return f"{x:g}"


def _pct(v) -> str:
    return "—" if v is None else f"{v:g}%"


def month_bulletin(month: AssessmentMonth, center: str) -> io.BytesIO:
    """The month's 考核通报 as published: its outcome, warnings and evaluation, dated the day the
    month was made final (today while it is not)."""
    out = awards.outcome(month)
    issued_on = month.finalised_at.date() if month.finalised_at else local_today()
    return bulletin(month, out, awards.warnings(month, out), center, issued_on, evaluation=month_evaluation(month))


def bulletin(
    month: AssessmentMonth,
    out: redflag.MonthOutcome,
    warnings: dict,
    center: str,
    issued_on,
    org_short: str = "示范服考",
    evaluation=None,
) -> io.BytesIO:
    """The month's 考核通报: overview, red flags, the ranking table, last places and vetoes."""
    scheme = month.scheme_version.scheme
    dv = month.scheme_version.document_version
    rows = out.ranking
    doc = OfficialDocument()
    doc.title(f"关于{month.year}年{month.month}月服务窗口\n百分制考核结果的通报")
    doc.subtitle_line(f"{org_short}〔{month.year}〕{month.month}号")
    draft = month.status != wf.FINAL
    if month.status == wf.PUBLICITY:
        doc.paragraph(
            f"【公示稿】本通报为公示稿，未定稿，公示期至{format_date_cn(month.publicity_end)}，公示结束、申诉复核完毕后定稿。",
            indent=False,
        )
    elif draft:
        doc.paragraph(f"【预评稿】{wf.result_words(month.status)}，不作为考核结果。", indent=False)
    doc.paragraph("各进驻单位、各服务窗口：", indent=False)
    basis = (
        f"根据《{dv.document.title}》（{dv.document.number}，{dv.revision}版），中心督查科对{len(rows)}个服务窗口"
        f"{month.year}年{month.month}月的工作进行了考核。"
    )
    if month.status == wf.FINAL:
        pub = ""
        if month.publicity_start and month.publicity_end:
            pub = f"考核结果已于{format_date_cn(month.publicity_start)}至{format_date_cn(month.publicity_end)}公示，公示期满。"
        doc.paragraph(f"{basis}{pub}现将考核结果通报如下。")
    elif month.status == wf.PUBLICITY:
        doc.paragraph(
            f"{basis}现将考核结果予以公示，公示期为{format_date_cn(month.publicity_start)}至"
            f"{format_date_cn(month.publicity_end)}。对考核结果有异议的，请于公示期内向中心督查科提出申诉。"
        )
    else:
        doc.paragraph(f"{basis}本月考核尚未审核锁定，以下为按当前评分的预评结果。")
    doc.heading("一、总体情况", 1)
    if rows:
        totals = [r.row.total for r in rows]
        avg = sum(totals) / len(totals)
        vetoed = [r.row.name for r in rows if r.row.vetoed]
        doc.paragraph(
            f"本月参加考核窗口{len(rows)}个，平均得分{avg:.2f}分，最高{_num(max(totals))}分，最低{_num(min(totals))}分。"
            + (f"一票否决窗口{len(vetoed)}个：{'、'.join(vetoed)}。" if vetoed else "本月无一票否决情形。")
        )
    else:
        doc.paragraph("本月无参加考核的窗口。")
    doc.heading("二、“流动红旗”窗口", 1)
    by = out.by_window()
    if out.flags:
        names = "、".join(f"{by[w].row.name}（{_num(by[w].row.total)}分）" for w in out.flags)
        if month.status == wf.FINAL:
            doc.paragraph(f"经评选，{names}获得本月“流动红旗”。希望获评窗口再接再厉，其他窗口学习先进、比学赶超。")
        elif month.status == wf.PUBLICITY:
            doc.paragraph(f"经评选，拟授予{names}本月“流动红旗”，公示结束无异议后正式授予。")
        else:
            doc.paragraph(f"按当前评分预评，{names}符合本月“流动红旗”评选条件（未审核，不作为授予依据）。")
    else:
        doc.paragraph(
            f"本月没有窗口符合“流动红旗”评选条件（得分不低于{_num(scheme.red_flag.threshold)}分且无否决情形），名额空缺。"
        )
    doc.heading("三、考核得分及排名", 1)
    # Six columns fit the 156 mm type area at 14 pt; the per-category breakdown is in the Excel export.
    table = [["名次", "窗口", "扣分", "加分", "得分", "备注"]]
    for r in rows:
        note = "、".join(x for x, on in (("流动红旗", r.flag), ("一票否决", r.row.vetoed), ("末位", r.last)) if on)
        table.append([str(r.rank), r.row.name, _num(r.row.deductions), _num(r.row.bonus), _num(r.row.total), note])
    doc.table(table, header=True, col_widths_mm=[14, 58, 18, 18, 18, 30])
    doc.heading("四、末位及预警情况", 1)
    last = [by[w].row.name for w in out.last_place]
    text = f"本月考核排名末位的窗口为{'、'.join(last)}。" if last else "本月无末位窗口。"
    for w, (n, level) in warnings.items():
        text += f"{by[w].row.name}已连续{n}个月排名末位，按规定予以{level}。" if w in by else ""
    doc.paragraph(text)
    if evaluation is not None:
        doc.heading("五、窗口服务评价情况", 1)
        doc.paragraph(
            "按照《政务服务中心运行规范 第4部分：窗口服务评价要求》（GB/T 32169.4-2015），从办事效率、窗口服务满意率、"
            "异常办理和投诉处理四个方面对各窗口进行了评价。" + (evaluation.summary[0] if evaluation.summary else "")
        )
        table = [["窗口", "按时办结率", "即办件占比", "满意率", "异常办理", "投诉（属实）"]]
        for sheet, w in evaluation.rows:
            table.append(
                [
                    sheet.window_name,
                    _pct(w.on_time_rate),
                    _pct(w.instant_share),
                    _pct(w.satisfaction_rate),
                    str(w.abnormal),
                    f"{w.complaints}（{w.upheld}）",
                ]
            )
        doc.table(table, header=True, col_widths_mm=[46, 22, 22, 20, 20, 26])
        for line in evaluation.summary[1:]:
            doc.paragraph(line)
        doc.heading("六、有关要求", 1)
    else:
        doc.heading("五、有关要求", 1)
    doc.paragraph(
        "各窗口要对照考核扣分情况认真查找问题，逐项整改；各进驻单位要加强对派驻人员的日常管理，"
        "支持窗口做好服务工作。考核结果记入窗口考核档案。"
    )
    doc.signature_block(center, issued_on)
    doc.footer_note("（公示稿，以定稿为准）" if draft else "（此件公开发布）")
    return doc.save()


def cycle_results(cycle: ExemplarCycle, center: str, issued_on) -> io.BytesIO:
    doc = OfficialDocument()
    doc.title(f"关于{cycle.label}“服务标兵”评选结果的公示")
    doc.subtitle_line(f"示范服评〔{cycle.year}〕{cycle.number}号")
    selected = [n for n in cycle.nominations if n.selected and not n.withdrawn]
    doc.paragraph(
        f"经窗口提名、民主测评、领导评价和群众评价，按综合得分（月度考核40%、民主测评30%、群众评价20%、"
        f"领导评价10%）评定，{cycle.label}“服务标兵”共{len(selected)}名。"
        + (
            f"公示期至{format_date_cn(cycle.publicity_end)}，如有异议请向中心督查科反映。"
            if cycle.publicity_end
            else ""
        )
    )
    # The notice names those elected only; the others' results stay on the cycle page.
    if selected:
        rows = [["姓名", "窗口", "综合得分"]]
        for n in sorted(selected, key=lambda n: (-(n.combined or 0), natural_key(n.window_name))):
            rows.append([n.staff_name, n.window_name, _num(n.combined or 0)])
        doc.table(rows, header=True)
    doc.signature_block(center, issued_on)
    return doc.save()


def certificate(nomination, center: str, issued_on) -> io.BytesIO:
    cycle = nomination.cycle
    doc = OfficialDocument()
    doc.title("荣誉证书")
    doc.paragraph(f"{nomination.staff_name}同志（{nomination.window_name}）：", indent=False)
    doc.paragraph(
        f"在{cycle.label}服务窗口工作中爱岗敬业、热情服务，经民主评议，被评为{cycle.label}“服务标兵”。特发此证，以资鼓励。"
    )
    doc.signature_block(center, issued_on)
    return doc.save()


def annual_certificate(
    name: str, window_name: str, year: int, periods: list[str], center: str, issued_on
) -> io.BytesIO:
    """The 年度“服务标兵” certificate (SF-ZD-018 第五条、第十四条), in the same layout as a period's."""
    doc = OfficialDocument()
    doc.title("荣誉证书")
    doc.paragraph(f"{name}同志（{window_name}）：", indent=False)
    doc.paragraph(
        f"在{year}年度服务窗口工作中爱岗敬业、热情服务，{len(periods)}次获评“服务标兵”，"
        f"经年度汇总评定，被评为{year}年度“服务标兵”。特发此证，以资鼓励。"
    )
    doc.signature_block(center, issued_on)
    return doc.save()


# ---------------------------------------------------------------------- Excel
HEAD_FILL = PatternFill("solid", fgColor="EEF1F4")


def _append(ws, row: list) -> None:
    """One row; texts that would run as formulas are neutralised (app/core/spreadsheet.py)."""
    ws.append(safe_row(row))


def _head(ws, row: list[str]) -> None:
    _append(ws, row)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(horizontal="center")


def ranking_xlsx(month: AssessmentMonth, out: redflag.MonthOutcome, evaluation=None) -> io.BytesIO:
    scheme = month.scheme_version.scheme
    wb = Workbook()
    ws = wb.active
    ws.title = "排名"
    _append(ws, [f"{month.label}服务窗口百分制考核排名（{wf.result_words(month.status, month.publicity_end)}）"])
    _head(
        ws,
        ["名次", "窗口"]
        + [f"{c.name}（{_num(c.weight)}）" for c in scheme.categories]
        + ["扣分合计", "加分", "得分", "一票否决", "流动红旗", "不得评选原因"],
    )
    for r in out.ranking:
        _append(
            ws,
            [r.rank, r.row.name]
            + [c.weight - r.row.breakdown.get(c.code, 0) for c in scheme.categories]
            + [
                r.row.deductions,
                r.row.bonus,
                r.row.total,
                "是" if r.row.vetoed else "",
                "红旗" if r.flag else "",
                "；".join(r.barred),
            ],
        )
    ws.column_dimensions["B"].width = 28
    if evaluation is not None:
        ev_ws = wb.create_sheet("窗口服务评价")
        _append(
            ev_ws,
            [
                f"{month.label}窗口服务评价（GB/T 32169.4-2015 第6章，{wf.result_words(month.status, month.publicity_end)}）"
            ],
        )
        _head(
            ev_ws,
            [
                "窗口",
                "百分制得分",
                "按时办结率%",
                "提前办结率%",
                "即办件占比%",
                "满意率%",
                "超时办结",
                "不予受理/许可无理由",
                "暂停超时限",
                "投诉",
                "投诉属实",
                "投诉按时答复率%",
                "改进提高",
            ],
        )
        for sheet, w in evaluation.rows:
            _append(
                ev_ws,
                [
                    sheet.window_name,
                    sheet.total,
                    w.on_time_rate,
                    w.early_rate,
                    w.instant_share,
                    w.satisfaction_rate,
                    w.overdue,
                    w.refused_without_reason,
                    w.over_suspended,
                    w.complaints,
                    w.upheld,
                    w.complaint_on_time_rate,
                    "；".join(w.improvements),
                ],
            )
        ev_ws.column_dimensions["A"].width = 28
    stream = io.BytesIO()
    wb.save(stream)
    stream.seek(0)
    return stream


def sheets_xlsx(month: AssessmentMonth) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "评分明细"
    _head(
        ws,
        [
            "窗口",
            "项目编码",
            "项目",
            "次数",
            "每次分值",
            "日期",
            "人员",
            "事实依据",
            "条款",
            "状态",
            "条款原文（当日施行版本）",
            "依据记录",
        ],
    )
    for sheet in by_window_number(month.sheets):
        for e in sheet.entries:
            if e.status != ACCEPTED:
                continue
            _append(
                ws,
                [
                    sheet.window_name,
                    e.item_code,
                    e.item_name,
                    e.count,
                    e.points,
                    e.occurred_on,
                    e.staff_name,
                    e.note,
                    e.article,
                    e.status_label,
                    e.article_text,
                    "、".join(ev["label"] for ev in e.evidence),
                ],
            )
    summary = wb.create_sheet("得分")
    _head(summary, ["窗口", "扣分", "加分", "得分", "一票否决"])
    for sheet in by_window_number(month.sheets):
        _append(summary, [sheet.window_name, sheet.deductions, sheet.bonus, sheet.total, "是" if sheet.vetoed else ""])
    stream = io.BytesIO()
    wb.save(stream)
    stream.seek(0)
    return stream
