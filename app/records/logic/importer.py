"""Reading and checking import files (.xlsx / .csv). Pure: no Flask, no database.

`read_table(stream, filename)` yields (row_number, {header: value}) with the spreadsheet's own
row numbers (the header is row 1). `check_rows(kind, rows, lookups)` returns clean records and a
list of Problem(row, column, reason); the caller saves nothing when there is any problem."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

COLUMNS = {
    "roster": ["年度", "窗口号", "姓名", "排序", "派驻单位", "岗位", "首席代表", "联系电话"],
    "items": [
        "事项编码",
        "事项名称",
        "实施单位",
        "窗口号",
        "事项类型",
        "办件类型",
        "法定时限",
        "承诺时限",
        "收费标准",
        "生效日期",
    ],
    "cases": ["办件编号", "窗口号", "事项编码", "申请人", "收件日期", "受理日期", "办结日期", "办结结果", "经办人"],
    "attendance": ["日期", "姓名", "窗口号", "时段", "考勤情况", "打卡时间", "备注"],
}
REQUIRED = {
    "roster": ["年度", "窗口号", "姓名"],
    "items": ["事项编码", "事项名称", "实施单位", "办件类型", "承诺时限", "生效日期"],
    "cases": ["办件编号", "事项编码", "收件日期"],
    "attendance": ["日期", "姓名", "考勤情况"],
}


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    reason: str

    def __str__(self):
        return f"第{self.row}行「{self.column}」：{self.reason}"


class FileError(ValueError):
    """The file as a whole cannot be read (type, header)."""


def read_table(stream, filename: str):
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(stream, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a broken file
            raise FileError("无法读取该 Excel 文件，请确认是 .xlsx 格式。") from exc
        rows = wb.worksheets[0].iter_rows(values_only=True)
    elif name.endswith(".csv"):
        raw = stream.read()
        text = None
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            raise FileError("CSV 文件编码无法识别（请用 UTF-8 或 GB18030）。")
        rows = csv.reader(io.StringIO(text))
    else:
        raise FileError("只能导入 .xlsx 或 .csv 文件。")
    rows = iter(rows)
    header = next(rows, None)
    if not header:
        raise FileError("文件是空的。")
    header = [str(h).strip() if h is not None else "" for h in header]
    yield header
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        yield number, dict(zip(header, values, strict=False))


def text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$")


def parse_date(v) -> date:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    m = _DATE.match(text(v))
    if not m:
        raise ValueError("日期格式不对（应为 2025-01-05 或 2025年1月5日）")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError("不存在的日期") from None


def parse_int(v, low=0, high=10000) -> int:
    try:
        n = int(float(text(v)))
    except ValueError:
        raise ValueError("应为整数") from None
    if not low <= n <= high:
        raise ValueError(f"应在 {low} 到 {high} 之间")
    return n


def _lookup(mapping: dict, value, what: str):
    key = text(value)
    if key not in mapping:
        raise ValueError(f"{what}「{key}」不存在")
    return mapping[key]


def _choice(mapping: dict, value, what: str):
    """mapping: Chinese label -> code (codes accepted too)."""
    key = text(value)
    if key in mapping.values():
        return key
    if key not in mapping:
        raise ValueError(f"{what}应为：{'、'.join(mapping)}")
    return mapping[key]


@dataclass
class Lookups:
    windows: dict  # number -> id
    staff: dict  # name -> id
    items: dict  # code -> id
    departments: dict  # name -> id
    item_types: dict  # label -> code
    handling_classes: dict
    statuses: dict
    slots: dict
    existing_case_numbers: set
    today: date


def _check(kind: str, values: dict, lk: Lookups, problems: list, number: int) -> dict | None:
    out, ok = {}, True

    def field(column, fn):
        nonlocal ok
        raw = values.get(column)
        if text(raw) == "":
            if column in REQUIRED[kind]:
                problems.append(Problem(number, column, "不能为空"))
                ok = False
            return None
        try:
            return fn(raw)
        except ValueError as exc:
            problems.append(Problem(number, column, str(exc)))
            ok = False
            return None

    if kind == "roster":
        out["year"] = field("年度", lambda v: parse_int(v, 2000, 2100))
        out["window_id"] = field("窗口号", lambda v: _lookup(lk.windows, v, "窗口号"))
        out["name"] = field("姓名", text)
        out["position"] = field("排序", lambda v: parse_int(v, 1, 99))
        out["department_id"] = field("派驻单位", lambda v: _lookup(lk.departments, v, "单位"))
        out["post"] = field("岗位", text) or ""
        out["is_chief_rep"] = field("首席代表", lambda v: text(v) in ("是", "1", "Y", "y", "TRUE", "True")) or False
        out["phone"] = field("联系电话", text) or ""
    elif kind == "items":
        out["code"] = field("事项编码", text)
        out["name"] = field("事项名称", text)
        out["department_id"] = field("实施单位", lambda v: _lookup(lk.departments, v, "单位"))
        out["window_id"] = field("窗口号", lambda v: _lookup(lk.windows, v, "窗口号"))
        out["item_type"] = field("事项类型", lambda v: _choice(lk.item_types, v, "事项类型")) or "license"
        out["handling_class"] = field("办件类型", lambda v: _choice(lk.handling_classes, v, "办件类型"))
        committed = field("承诺时限", lambda v: parse_int(v, 0, 400))
        legal = field("法定时限", lambda v: parse_int(v, 0, 400))
        out["committed_limit_days"], out["legal_limit_days"] = committed, legal if legal is not None else committed
        if ok and committed is not None and out["legal_limit_days"] is not None and committed > out["legal_limit_days"]:
            problems.append(Problem(number, "承诺时限", "不能长于法定时限"))
            ok = False
        out["fee"] = field("收费标准", text) or "不收费"
        out["valid_from"] = field("生效日期", parse_date)
    elif kind == "cases":
        out["number"] = field("办件编号", text)
        if out["number"] and out["number"] in lk.existing_case_numbers:
            problems.append(Problem(number, "办件编号", f"「{out['number']}」已存在或在文件中重复"))
            ok = False
        out["window_id"] = field("窗口号", lambda v: _lookup(lk.windows, v, "窗口号"))
        out["item_id"] = field("事项编码", lambda v: _lookup(lk.items, v, "事项编码"))
        out["applicant"] = field("申请人", text) or ""
        out["received_on"] = field("收件日期", parse_date)
        out["accepted_on"] = field("受理日期", parse_date)
        out["completed_on"] = field("办结日期", parse_date)
        out["outcome"] = field("办结结果", lambda v: _choice({"准予": "approved", "不予": "refused"}, v, "办结结果"))
        out["handler_staff_id"] = field("经办人", lambda v: _lookup(lk.staff, v, "经办人"))
        r, c = out["received_on"], out["completed_on"]
        if r and r > lk.today:
            problems.append(Problem(number, "收件日期", "不能晚于今天"))
            ok = False
        if r and c and c < r:
            problems.append(Problem(number, "办结日期", "不能早于收件日期"))
            ok = False
        if c and c > lk.today:
            problems.append(Problem(number, "办结日期", "不能晚于今天"))
            ok = False
        if ok and out["number"]:
            lk.existing_case_numbers.add(out["number"])
    elif kind == "attendance":
        out["day"] = field("日期", parse_date)
        out["staff_id"] = field("姓名", lambda v: _lookup(lk.staff, v, "人员"))
        out["window_id"] = field("窗口号", lambda v: _lookup(lk.windows, v, "窗口号"))
        out["slot"] = field("时段", lambda v: _choice(lk.slots, v, "时段")) or "day"
        out["status"] = field("考勤情况", lambda v: _choice(lk.statuses, v, "考勤情况"))
        out["clock_time"] = field("打卡时间", text) or ""
        out["note"] = field("备注", text) or ""
    return out if ok else None


def check_rows(kind: str, table, lookups: Lookups, progress=None) -> tuple[list[dict], list[Problem]]:
    """Check every row; returns (records with their row numbers as '_row', problems)."""
    if kind not in COLUMNS:
        raise FileError("未知的导入类型。")
    table = iter(table)
    header = next(table)
    missing = [c for c in REQUIRED[kind] if c not in header]
    if missing:
        raise FileError(f"缺少列：{'、'.join(missing)}（第1行应为列名：{'、'.join(COLUMNS[kind])}）")
    records, problems = [], []
    for i, (number, values) in enumerate(table, start=1):
        rec = _check(kind, values, lookups, problems, number)
        if rec is not None:
            rec["_row"] = number
            records.append(rec)
        if progress and i % 1000 == 0:
            progress(1000)
    return records, problems
