"""Any list to Excel (.xlsx), written in openpyxl's streaming mode, and the room's workbooks: cases,
record kinds, service items, statistics."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from ..auth.privacy import shown
from ..core.spreadsheet import safe_cell, safe_row
from .logic.importer import COLUMNS
from .models import CASE_STATES, HANDLING_CLASSES, ITEM_TYPES
from .queries.stats import pct


def to_xlsx(title: str, headers: list[str], rows) -> BytesIO:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31] or "Sheet1")
    from openpyxl.cell import WriteOnlyCell

    head = []
    for h in headers:
        c = WriteOnlyCell(ws, value=safe_cell(h))
        c.font = Font(bold=True)
        head.append(c)
    ws.append(head)
    for row in rows:
        ws.append(safe_row(row))  # no cell runs as a formula (app/core/spreadsheet.py)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


CASE_HEADERS = [
    "办件编号",
    "窗口",
    "事项",
    "办件类型",
    "承诺时限",
    "申请人",
    "申请人电话",
    "收件日期",
    "状态",
    "到期日",
    "办结日期",
    "用时（工作日）",
]


def cases_xlsx(user, cases) -> BytesIO:
    """The case list as a workbook; the applicant's name and phone as `user` may see them."""
    rows = (
        [
            c.number,
            c.window.label,
            c.item.name if c.item else "",
            HANDLING_CLASSES.get(c.handling_class, ""),
            c.limit_days,
            shown(user, c, c.applicant),
            shown(user, c, c.applicant_phone, "phone"),
            c.received_on,
            CASE_STATES.get(c.state, c.state),
            c.due_on,
            c.completed_on,
            c.used_days,
        ]
        for c in cases
    )
    return to_xlsx("办件", CASE_HEADERS, rows)


def kind_xlsx(user, k, rows) -> BytesIO:
    """The rows of record kind `k` (app.records.registry.KINDS); personal columns as `user` may see them."""
    headers = [h for h, _ in k.columns] + [h for h, _, _ in k.personal] + ["状态"]
    data = (
        [f(r) for _, f in k.columns]
        + [shown(user, r, getattr(r, name), how) for _, name, how in k.personal]
        + ["已作废：" + (r.void_reason or "") if r.is_void else "有效"]
        for r in rows
    )
    return to_xlsx(k.label, headers, data)


def items_xlsx(items_with_terms) -> BytesIO:
    """Service items with the terms in force, in the importer's columns (the export reads back unchanged)."""
    rows = (
        [
            i.code,
            i.name,
            i.department.name,
            i.window.number if i.window else "",
            ITEM_TYPES.get(r.item_type),
            HANDLING_CLASSES.get(r.handling_class),
            r.legal_limit_days,
            r.committed_limit_days,
            r.fee,
            r.valid_from,
        ]
        for i, r in items_with_terms
        if r is not None
    )
    return to_xlsx("进厅项目及承诺时限", COLUMNS["items"], rows)


STATS_HEADERS = [
    "窗口",
    "收件",
    "办结",
    "按时办结",
    "提前办结",
    "超期",
    "按时办结率",
    "提前办结率",
    "即办件比率",
    "平均用时（工作日）",
    "实际提速率",
]


def stats_xlsx(year: int, month: int | None, rows, total) -> BytesIO:
    """办件情况统计表 of a month, or with month None of the year (rows per window, then the total)."""
    title = f"{year}年办件统计" if month is None else f"{year}年{month}月办件统计"
    data = (
        [
            r.label,
            r.received,
            r.completed,
            r.on_time,
            r.early,
            r.overdue,
            pct(r.on_time_rate),
            pct(r.early_rate),
            pct(r.instant_rate),
            round(r.avg_used, 1) if r.avg_used is not None else "",
            pct(r.speedup_rate),
        ]
        for r in rows + [total]
    )
    return to_xlsx(title, STATS_HEADERS, data)
