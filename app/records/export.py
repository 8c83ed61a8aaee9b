"""Any list to Excel (.xlsx), written in openpyxl's streaming mode."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from ..core.spreadsheet import safe_cell, safe_row


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
