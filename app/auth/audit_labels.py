"""The words the audit trail page shows for the accounts and refused routes entries of this room
(registered with app/audit/labels.py by wiring.py; the stored entries keep their codes)."""
from ..audit.labels import register

OBJECTS = {
    "user": "用户", "route": "页面",
}
ACTIONS = {
    "login": "登录", "logout": "退出", "login_failed": "登录失败", "denied": "越权被拒",
}
# Keys of the details these entries store.
FIELDS = {
    "reason": "原因", "path": "地址", "permission": "所需权限", "failures": "连续失败次数", "username": "用户名",
    "role": "角色",
}


def register_labels() -> None:
    for object_type, label in OBJECTS.items():
        register(object_type, label, actions=ACTIONS, fields=FIELDS)
