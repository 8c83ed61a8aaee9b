"""申请材料目录: a service item's list of required materials, with history by date, entered by
hand or imported from Excel (one sheet: 事项编码, 材料名称, 原件/复印件, 份数, 表格模板, 设定依据)."""

from __future__ import annotations

import io
import re
from datetime import date

from sqlalchemy import select

from ...audit.services import record
from ...extensions import db
from ...kernel import flush, require
from ...records.models import ServiceItem
from ..logic import materials as rules
from ..models import MaterialEntry, MaterialList
from .common import HallError

HEADERS = {
    "事项编码": "code",
    "材料名称": "name",
    "原件/复印件": "form",
    "材料形式": "form",
    "份数": "count",
    "表格模板": "template",
    "空白表格": "template",
    "设定依据": "legal_basis",
    "依据": "legal_basis",
    "材料编号": "key",
}


def _key(name: str, given: str = "") -> str:
    given = (given or "").strip()
    return given[:60] if given else re.sub(r"\s+", "", name)[:60]


def save_list(user, item: ServiceItem, valid_from: date, rows: list[dict], note: str = "") -> MaterialList:
    """A new version of the item's list from `valid_from` on; earlier versions stay as history."""
    require(user, "hall.manage")
    clean = []
    for r in rows:
        name = (r.get("name") or "").strip()
        if not name:
            continue
        try:
            count = max(1, int(float(r.get("count") or 1)))
        except (TypeError, ValueError):
            raise HallError(f"材料“{name}”的份数不是数字。") from None
        clean.append(
            rules.Material(
                _key(name, r.get("key", "")),
                name[:200],
                rules.parse_form(str(r.get("form") or "")),
                count,
                str(r.get("template") or "").strip()[:200],
                str(r.get("legal_basis") or "").strip()[:300],
            )
        )
    if not clean:
        raise HallError("材料目录至少要有一项材料。")
    if len({m.key for m in clean}) != len(clean):
        raise HallError("材料目录中有重复的材料。")
    if db.session.scalar(
        select(MaterialList.id).where(MaterialList.item_id == item.id, MaterialList.valid_from == valid_from)
    ):
        raise HallError(f"该事项在 {valid_from:%Y-%m-%d} 已有一版材料目录；请选用另一生效日期。")
    ml = MaterialList(item_id=item.id, valid_from=valid_from, note=note[:300], created_by_id=getattr(user, "id", None))
    db.session.add(ml)
    flush()
    for i, m in enumerate(clean, 1):
        db.session.add(
            MaterialEntry(
                list_id=ml.id,
                position=i,
                key=m.key,
                name=m.name,
                form=m.form,
                count=m.count,
                template=m.template,
                legal_basis=m.legal_basis,
            )
        )
    flush()
    record(
        user,
        "create",
        "hall_material_lists",
        ml.id,
        {
            "item": item.code,
            "valid_from": valid_from.isoformat(),
            "materials": [m.name for m in clean],
        },
    )
    return ml


def list_on(item_id: int, on: date) -> MaterialList | None:
    return db.session.scalar(
        select(MaterialList)
        .where(MaterialList.item_id == item_id, MaterialList.valid_from <= on)
        .order_by(MaterialList.valid_from.desc())
        .limit(1)
    )


def as_materials(ml: MaterialList | None) -> list[rules.Material]:
    if ml is None:
        return []
    return [rules.Material(e.key, e.name, e.form, e.count, e.template, e.legal_basis) for e in ml.entries]


def import_excel(user, data: bytes, valid_from: date) -> list[MaterialList]:
    """One new list version per item code found in the sheet (all or nothing)."""
    require(user, "hall.manage")
    from openpyxl import load_workbook

    try:
        ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        rows = list(ws.iter_rows(values_only=True))
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise HallError("无法读取该文件，请上传 .xlsx 格式的材料目录。") from exc
    if not rows:
        raise HallError("表格是空的。")
    cols = {i: HEADERS[str(h).strip()] for i, h in enumerate(rows[0]) if h is not None and str(h).strip() in HEADERS}
    if "code" not in cols.values() or "name" not in cols.values():
        raise HallError("第一行须有“事项编码”和“材料名称”两列。")
    by_code: dict[str, list[dict]] = {}
    for n, row in enumerate(rows[1:], 2):
        values = {field: (row[i] if i < len(row) else None) for i, field in cols.items()}
        code = str(values.get("code") or "").strip()
        if not code and not values.get("name"):
            continue
        if not code:
            raise HallError(f"第 {n} 行缺少事项编码。")
        by_code.setdefault(code, []).append({k: ("" if v is None else v) for k, v in values.items()})
    out = []
    for code, items in by_code.items():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.code == code))
        if item is None:
            raise HallError(f"事项编码 {code} 不存在。")
        out.append(save_list(user, item, valid_from, items, note="由 Excel 导入"))
    return out
