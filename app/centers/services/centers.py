"""Create a center below another and rename one. Only an administrator of the center above (or of
the center itself, for a rename) may; every change is in the audit trail; flush, never commit."""

from __future__ import annotations

from ... import kernel
from ...extensions import db
from ..logic.levels import LEVEL_LABELS, may_be_child
from ..models import Center
from ..queries import ancestor_ids
from ..trail import record


class CenterError(kernel.DomainError):
    pass


def _admin_above_or_at(user, center: Center | None) -> None:
    """Administrators only, and only for their own center or one below it (the root: anyone's
    first center, when the tree is created from the command line with user None)."""
    if user is None:
        return  # the CLI and the demo loader (no signed-in person)
    kernel.require(user, "centers.manage")
    if center is None:
        raise kernel.PermissionDenied()
    if center.id != user.center_id and user.center_id not in ancestor_ids(center.id):
        raise kernel.PermissionDenied()


def create_center(user, code: str, name: str, level: str, parent_id: int | None) -> Center:
    code, name = (code or "").strip(), (name or "").strip()
    if not code or len(code) > 20:
        raise CenterError("中心代码不能为空，最多 20 个字符。")
    if not name or len(name) > 80:
        raise CenterError("中心名称不能为空，最多 80 个字符。")
    parent = db.session.get(Center, parent_id) if parent_id is not None else None
    if parent_id is not None and parent is None:
        raise CenterError("上级中心不存在。")
    _admin_above_or_at(user, parent)  # a root center: from the command line only
    if not may_be_child(parent.level if parent else None, level):
        above = LEVEL_LABELS.get(parent.level, parent.level) + "级中心" if parent else "顶层"
        raise CenterError(f"层级不对：{above}之下不能设{LEVEL_LABELS.get(level, level)}级中心。")
    if db.session.scalar(db.select(Center.id).where(Center.code == code)):
        raise CenterError(f"中心代码 {code} 已被使用。")
    center = Center(code=code, name=name, level=level, parent_id=parent.id if parent else None)
    db.session.add(center)
    kernel.flush()
    record(
        user, "create", "center", center.id, {"code": code, "name": name, "level": level, "parent_id": center.parent_id}
    )
    kernel.flush()
    return center


def rename_center(user, center: Center, name: str, expected_version) -> Center:
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise CenterError("中心名称不能为空，最多 80 个字符。")
    _admin_above_or_at(user, center)
    kernel.check_version(center, expected_version)
    old = center.name
    center.name = name
    kernel.flush()
    record(user, "rename", "center", center.id, {"old_name": old, "name": name})
    kernel.flush()
    return center
