"""The words the audit trail page shows for the accounts and refused routes entries of this room
(registered with app/audit/labels.py by wiring.py; the stored entries keep their codes)."""
from ..audit.labels import register
from .roles import ROLE_LABELS

OBJECTS = {
    "user": "用户", "route": "页面",
}
ACTIONS = {
    "login": "登录", "logout": "退出", "login_failed": "登录失败", "denied": "越权被拒",
    "create": "新建账号", "create_for_roster": "为人员名单建账号", "link_staff": "关联工作人员档案",
    "unlink_staff": "解除档案关联", "change_role": "修改角色", "disable": "停用账号", "enable": "启用账号",
    "reset_password": "重置密码", "change_password": "修改本人密码",
    "pd_read": "查看个人信息", "pd_list": "列表显示个人信息", "pd_export": "导出个人信息",
}
# Keys of the details these entries store.
FIELDS = {
    "reason": "原因", "path": "地址", "permission": "所需权限", "failures": "连续失败次数", "username": "用户名",
    "role": "角色", "before": "修改前", "staff_id": "工作人员档案", "staff_name": "工作人员", "window_id": "窗口",
    "on": "日期", "count": "数量", "chosen": "指定密码", "address": "地址", "wait_seconds": "须等待秒数",
    "delay_seconds": "下次须等待秒数", "ids": "记录编号", "filters": "筛选条件",
}


def register_labels() -> None:
    for object_type, label in OBJECTS.items():
        register(object_type, label, actions=ACTIONS, fields=FIELDS, values={"role": dict(ROLE_LABELS)})
