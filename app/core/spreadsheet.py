"""Cells written to a spreadsheet export (.xlsx or .csv) cannot run as formulas (OWASP, CSV injection).

A text that starts with = + - @, a tab or a carriage return would be read by Excel or LibreOffice as a
formula (openpyxl even writes a leading "=" as one), so such a text gets a leading apostrophe: it is
shown as the text it was. Numbers, dates and booleans are left alone. Pure: every export calls it.
"""

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(v) for v in values]
