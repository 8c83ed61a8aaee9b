"""Import from .xlsx / .csv: all or nothing, with row, column and reason; export to Excel."""

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.records.models import Attendance, Case, ItemRevision, RosterEntry, Staff
from app.records.services.imports import run_import
from tests.factories import create_center

CASE_HEADER = ["办件编号", "窗口号", "事项编码", "申请人", "收件日期", "受理日期", "办结日期", "办结结果", "经办人"]


def xlsx(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def center(users):
    return create_center(users["admin"])


def test_bad_rows_are_named_and_nothing_is_saved(users, center):
    f = xlsx(
        [
            CASE_HEADER,
            ["A001", "6", "SX-001", "甲公司", date(2025, 6, 3), None, date(2025, 6, 6), "准予", None],
            ["A002", "6", "SX-999", "乙公司", "2025-06-03", None, None, None, None],
            ["A003", "6", "SX-001", "丙公司", "2025-13-40", None, None, None, None],
            ["A001", "6", "SX-001", "丁公司", "2025年6月4日", None, None, None, None],
            ["A005", "99", "SX-001", "戊公司", "2025/6/5", None, "2025-06-01", None, "无此人"],
        ]
    )
    report = run_import(users["admin"], "cases", f, "cases.xlsx")
    assert not report.ok and report.saved == 0
    found = {(p.row, p.column) for p in report.problems}
    assert found == {(3, "事项编码"), (4, "收件日期"), (5, "办件编号"), (6, "窗口号"), (6, "办结日期"), (6, "经办人")}
    assert "不存在" in next(p.reason for p in report.problems if p.row == 3)
    assert str(next(p for p in report.problems if p.row == 4)).startswith("第4行「收件日期」")
    assert count(Case) == 0


def test_a_good_file_is_saved_whole_with_the_clock(users, center):
    f = xlsx(
        [
            CASE_HEADER,
            ["A001", "6", "SX-001", "甲公司", date(2025, 6, 3), None, date(2025, 6, 6), "准予", "甘若木"],
            ["A002", None, "SX-001", "乙公司", "2025-06-04", "2025-06-04", None, None, None],
            ["A003", "6", "SX-002", "丙公司", "2025-06-05", None, "2025-06-05", None, None],
        ]
    )
    report = run_import(users["admin"], "cases", f, "cases.xlsx")
    assert report.ok and report.saved == 3
    a1, a2, a3 = db.session.scalars(select(Case).order_by(Case.number)).all()
    assert (a1.state, a1.used_days, a1.due_on) == ("completed", 3, date(2025, 6, 10))
    assert a2.is_open and a2.window_id == center["wa"].id and a2.due_on == date(2025, 6, 11)
    assert a3.is_instant and a3.used_days == 0
    # the same numbers again: refused as duplicates
    again = run_import(
        users["admin"], "cases", xlsx([CASE_HEADER, ["A001", "6", "SX-001", "x", "2025-06-03"]]), "c.xlsx"
    )
    assert [(p.row, p.column) for p in again.problems] == [(2, "办件编号")]


def test_a_case_of_another_windows_item_or_handler_is_refused_row_by_row(users, center):
    # issue 14: the import accepted a case whose item and handler belong to another window
    from app.records import services

    wa, wb, (gan, cen, _) = center["wa"], center["wb"], center["staff"]
    services.add_to_roster(users["admin"], wb, cen.id, 2025, None)
    services.add_to_roster(users["admin"], wa, gan.id, 2025, None)
    db.session.commit()
    f = xlsx(
        [
            CASE_HEADER,
            ["B001", "7", "SX-001", "甲公司", "2025-06-03", None, None, None, None],  # item of window 6
            ["B002", "6", "SX-001", "乙公司", "2025-06-03", None, None, None, "岑知秋"],  # handler on window 7
            ["B003", None, "SX-001", "丙公司", "2025-06-03", None, None, None, "岑知秋"],  # window from the item
            ["B004", "6", "SX-001", "丁公司", "2025-06-03", None, None, None, "甘若木"],
        ]
    )  # right
    report = run_import(users["admin"], "cases", f, "cases.xlsx")
    assert not report.ok and report.saved == 0
    problems = {(p.row, p.column): p.reason for p in report.problems}
    assert set(problems) == {(2, "事项编码"), (3, "经办人"), (4, "经办人")}
    assert "6号窗口" in problems[(2, "事项编码")] and "7号窗口" in problems[(2, "事项编码")]
    assert "7号窗口" in problems[(3, "经办人")]
    assert count(Case) == 0


def test_csv_in_gb18030_and_a_missing_column(users, center):
    text = "日期,姓名,窗口号,时段,考勤情况\n2025-06-03,甘若木,6,全天,迟到\n2025-06-04,岑知秋,,上午,事假\n"
    report = run_import(users["admin"], "attendance", io.BytesIO(text.encode("gb18030")), "a.csv")
    assert report.ok and count(Attendance) == 2
    bad = run_import(users["admin"], "attendance", io.BytesIO("日期,窗口号\n".encode()), "a.csv")
    assert "缺少列" in bad.file_error
    bad = run_import(users["admin"], "attendance", io.BytesIO(b"x"), "a.txt")
    assert ".xlsx" in bad.file_error


def test_roster_and_items_import(users, center):
    roster = xlsx(
        [
            ["年度", "窗口号", "姓名", "排序", "派驻单位", "岗位", "首席代表", "联系电话"],
            [2026, "7", "新来的人", 1, "市市场监督管理局", "受理员", "是", ""],
            [2026, "7", "甘若木", 2, None, None, None, None],
        ]
    )
    assert run_import(users["admin"], "roster", roster, "r.xlsx").ok
    assert count(RosterEntry) == 2 and db.session.scalar(select(Staff).filter_by(name="新来的人")).is_chief_rep
    items = xlsx(
        [
            [
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
            ["SX-001", "食品经营许可", "市市场监督管理局", "6", "行政许可", "承诺件", 20, 3, "不收费", "2026-03-01"],
            ["SX-010", "新事项", "市市场监督管理局", "6", "公共服务", "即办件", 1, 5, "", "2026-03-01"],
        ]
    )
    report = run_import(users["admin"], "items", items, "i.xlsx")
    assert [(p.row, p.column) for p in report.problems] == [(3, "承诺时限")]  # 5 > legal 1
    assert count(ItemRevision) == 2  # nothing saved


def test_upload_page_shows_the_report(client, auth, users, center):
    auth.login(users["doc_manager"])
    f = xlsx([CASE_HEADER, ["A001", "6", "SX-404", "甲", "2025-06-03"]])
    r = client.post(
        "/records/import", data={"kind": "cases", "file": (f, "c.xlsx")}, content_type="multipart/form-data"
    )
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "未导入任何数据" in html and "SX-404" in html and ">2<" in html


def test_export_any_list_to_excel(client, auth, users, center):
    auth.login(users["auditor"])
    r = client.get("/records/k/staff/export")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.data)).active
    names = {row[0] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert names == {"甘若木", "岑知秋", "桂南星"}
    r = client.get("/records/items/export")
    assert load_workbook(io.BytesIO(r.data)).active.cell(2, 1).value == "SX-001"
