"""The audit trail as an .xlsx workbook, in the words of the page (no codes, no live formulas)."""

import io
import re

from openpyxl import Workbook

from ..core.spreadsheet import safe_row
from ..core.timeutil import format_datetime_cn
from .filters import details_html, object_label
from .labels import action_words

_TAGS = re.compile(r"<[^>]+>")


def plain_details(details_json: str, object_type: str) -> str:
    html = str(details_html(details_json, object_type)).replace("<br>", "\n")
    text = _TAGS.sub("", html)
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    )


def trail_workbook(entries, names: dict, cut: bool) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "审计追踪"
    ws.append(["序号", "时间", "人员", "登录名", "操作", "对象", "详情", "哈希"])
    for e in entries:
        person = names.get(("user", str(e.user_id)), e.username or "—") if e.user_id else (e.username or "系统")
        ws.append(
            safe_row(
                [
                    e.id,
                    format_datetime_cn(e.at),
                    person,
                    e.username or "",
                    action_words(e.action),
                    object_label(e.object_type, e.object_id, names),
                    plain_details(e.details, e.object_type),
                    e.hash,
                ]
            )
        )
    if cut:
        ws.append(["", "", "", "", "", "", "（仅导出最新 50,000 条；更早的记录请按日期范围分批导出）", ""])
    for column, width in zip("ABCDEFGH", (8, 20, 12, 12, 12, 30, 60, 66), strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
