"""The words the audit trail page shows for the center tree's entries. Plain data: the audit room
registers them (app/audit/wiring.py), because it stands on this room."""

from .logic.levels import LEVEL_LABELS

OBJECT_TYPE = "center"
LABEL = "中心"
ACTIONS = {"create": "创建", "rename": "更名"}
FIELDS = {"code": "代码", "name": "名称", "level": "层级", "parent_id": "上级中心", "old_name": "原名称"}
VALUES = {"level": dict(LEVEL_LABELS)}
