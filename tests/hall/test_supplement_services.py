"""一次性告知 against a real database: material lists with history and Excel import, the 补正
checklist, the numbered notice (.docx checked by GB/T 9704 tool), the second-补正 breach flag."""

import io
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from app.core.timeutil import local_today
from app.core.workdays import add_workdays
from app.extensions import db
from app.hall.services import materials, supplement
from app.hall.services.common import HallError
from app.records.services import cases as case_services

CHECKER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "check_gbt9704.py"


def _case(hall, user=None):
    c = case_services.register_case(
        user or hall.a,
        hall.item,
        datetime.combine(local_today(), datetime.min.time()).replace(hour=9),
        "鹿鸣食品有限公司",
        window_id=hall.wa.id,
    )
    db.session.commit()
    return c


def test_list_history_by_date_and_the_version_in_force(hall):
    newer = materials.save_list(
        hall.admin, hall.item, date(2026, 6, 1), [{"name": "申请书"}, {"name": "营业执照", "form": "复印件"}]
    )
    db.session.commit()
    assert materials.list_on(hall.item.id, date(2026, 5, 31)).id == hall.materials.id
    assert materials.list_on(hall.item.id, date(2026, 6, 1)).id == newer.id
    assert [m.form for m in materials.as_materials(newer)] == ["original", "copy"]
    with pytest.raises(HallError, match="已有一版"):
        materials.save_list(hall.admin, hall.item, date(2026, 6, 1), [{"name": "申请书"}])


def test_window_staff_may_not_edit_the_list(hall):
    from app.kernel import PermissionDenied

    with pytest.raises(PermissionDenied):
        materials.save_list(hall.a, hall.item, date(2026, 6, 1), [{"name": "申请书"}])


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_excel_import_makes_one_version_per_item_and_refuses_an_unknown_code(hall):
    data = _xlsx(
        [
            ["事项编码", "材料名称", "原件/复印件", "份数", "设定依据"],
            ["SX-001", "申请书", "原件", 1, "办法第十条"],
            ["SX-001", "章程", "复印件", 2, ""],
            ["SX-002", "遗失声明", "原件", 1, ""],
        ]
    )
    made = materials.import_excel(hall.admin, data, date(2026, 7, 1))
    db.session.commit()
    assert sorted(len(m.entries) for m in made) == [1, 2]
    first = materials.list_on(hall.item.id, date(2026, 7, 1))
    assert [(e.name, e.form, e.count) for e in first.entries] == [("申请书", "original", 1), ("章程", "copy", 2)]
    with pytest.raises(HallError, match="SX-404"):
        materials.import_excel(hall.admin, _xlsx([["事项编码", "材料名称"], ["SX-404", "申请书"]]), date(2026, 8, 1))
    db.session.rollback()
    with pytest.raises(HallError, match="xlsx"):
        materials.import_excel(hall.admin, b"not a workbook", date(2026, 8, 1))


def test_checklist_notice_lists_every_missing_material_stops_the_clock_and_is_numbered(hall, tmp_path):
    case = _case(hall)
    today = local_today()
    assert [m.key for m in supplement.checklist(case, today)] == ["form", "license", "plan", "id"]
    n = supplement.issue(hall.a, case, {"form", "license"}, today, case.row_version)
    db.session.commit()
    assert n.missing_keys == ["plan", "id"]
    assert n.number == f"示范服告知〔{today.year}〕1号"
    assert n.deadline_on == add_workdays(today, 5)
    assert case.stopped_since == today and case.stop_kind == "supplement"
    assert n.breach_keys == []
    docx = supplement.notice_docx(n).getvalue()
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    table = "\n".join(c.text for t in Document(io.BytesIO(docx)).tables for row in t.rows for c in row.cells)
    assert "经营场所平面图" in table and "法定代表人身份证明" in table and "营业执照" not in table
    assert n.number in text and case.number in text
    if not CHECKER.exists():
        pytest.fail(f"GB/T 9704 checker missing at {CHECKER}")
    path = tmp_path / "notice.docx"
    path.write_bytes(docx)
    result = subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_nothing_missing_is_refused_and_another_window_may_not_issue(hall):
    case = _case(hall)
    with pytest.raises(HallError, match="无需补正"):
        supplement.issue(hall.a, case, {"form", "license", "plan", "id"}, local_today(), case.row_version)
    db.session.rollback()
    with pytest.raises(HallError):
        supplement.issue(hall.b, case, {"form"}, local_today(), case.row_version)


def test_second_supplement_asking_for_a_material_not_on_the_first_notice_is_flagged(hall):
    case = _case(hall)
    today = local_today()
    first = supplement.issue(hall.a, case, {"form", "license", "id"}, today, case.row_version)  # only 平面图
    db.session.commit()
    case_services.step(hall.a, case, "supplement_done", today, expected_version=case.row_version)
    second = supplement.issue(hall.a, case, {"form", "plan", "id"}, today, case.row_version)  # now 营业执照 too
    db.session.commit()
    assert first.breach_keys == []
    assert second.breach_keys == ["license"]
    assert second.number.endswith("2号")
    assert [n.id for n in supplement.breaches_in(today, today)] == [second.id]
    assert supplement.breaches_in(today, today, window_id=hall.wb.id) == []
