"""The words the audit trail page shows for the government documents entries of this room
(registered with app/audit/labels.py by wiring.py; the stored entries keep their codes)."""

from ..audit.labels import register

OBJECTS = {
    "govdoc": "政府文件",
    "govdoc_folder": "政府文件目录",
}
ACTIONS = {}
# Keys of the details these entries store.
FIELDS = {
    "title": "名称",
    "sha256": "内容哈希",
    "reason": "原因",
    "category": "分类",
    "username": "用户名",
}


def register_labels() -> None:
    for object_type, label in OBJECTS.items():
        register(object_type, label, actions=ACTIONS, fields=FIELDS)
