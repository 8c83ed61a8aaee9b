"""The words the audit trail page shows for the accounts and refused routes entries of this room
(registered with app/audit/labels.py by wiring.py; the stored entries keep their codes)."""

from ..audit.labels import int_ids, register
from ..extensions import db
from .models import User
from .permissions import PERMISSIONS
from .roles import ROLE_LABELS

OBJECTS = {
    "user": "用户",
    "route": "页面",
}
ACTIONS = {
    "login": "登录",
    "logout": "退出",
    "login_failed": "登录失败",
    "denied": "越权被拒",
    "create": "新建账号",
    "create_for_roster": "为人员名单建账号",
    "link_staff": "关联工作人员档案",
    "unlink_staff": "解除档案关联",
    "change_role": "修改角色",
    "disable": "停用账号",
    "enable": "启用账号",
    "reset_password": "重置密码",
    "change_password": "修改本人密码",
    "pd_read": "查看个人信息",
    "pd_list": "列表显示个人信息",
    "pd_export": "导出个人信息",
}
# Keys of the details these entries store.
FIELDS = {
    "reason": "原因",
    "path": "地址",
    "permission": "所需权限",
    "failures": "连续失败次数",
    "username": "用户名",
    "role": "角色",
    "before": "修改前",
    "staff_id": "工作人员档案",
    "staff_name": "工作人员",
    "window_id": "窗口",
    "on": "日期",
    "count": "数量",
    "chosen": "指定密码",
    "address": "地址",
    "wait_seconds": "须等待秒数",
    "delay_seconds": "下次须等待秒数",
    "ids": "记录编号",
    "filters": "筛选条件",
}


# The rooms as the trail names a refused page or a permission after them.
ROOMS = {
    "main": "首页",
    "home": "首页",
    "account": "本人账号",
    "users": "用户",
    "auth": "账号",
    "audit": "审计追踪",
    "documents": "文件",
    "rules": "规章制度",
    "procedures": "质量体系文件",
    "records": "业务记录",
    "assessment": "考核评比",
    "govdocs": "政府文件",
    "quality": "质量改进",
    "hall": "大厅服务",
    "search": "搜索",
    "jobs": "定时任务",
}
PERMISSION_WORDS = {
    "account.view": "使用本人账号",
    "users.manage": "管理用户",
    "audit.view": "查看审计追踪",
    "home.view": "查看首页",
    "documents.view": "查看文件",
    "documents.view_drafts": "查看文件草稿",
    "documents.edit": "起草和修改文件",
    "documents.sign": "审核批准文件",
    "documents.acknowledge": "签阅文件",
    "documents.export": "导出文件",
    "documents.review_due": "查看到期评审",
    "documents.track_reading": "查看签阅情况",
    "records.view": "查看业务记录",
    "records.edit": "登记和修改业务记录",
    "records.cases": "登记和办理办件",
    "records.import": "导入业务记录",
    "assessment.view": "查看考核",
    "assessment.score": "考核评分",
    "assessment.lock": "锁定考核月份",
    "assessment.reopen": "重新开放考核月份",
    "assessment.scheme_edit": "修改考核方案",
    "assessment.appeal": "提出考核申诉",
    "assessment.decide_appeal": "处理考核申诉",
    "assessment.nominate": "提名服务标兵",
    "assessment.vote": "服务标兵投票",
    "assessment.exemplars_manage": "管理服务标兵评选",
    "govdocs.view": "查看政府文件",
    "govdocs.upload": "上传政府文件",
    "quality.view": "查看质量改进",
    "quality.act": "处理不合格",
    "quality.audit": "内部审核",
    "quality.close": "关闭不合格",
    "quality.manage": "管理质量体系",
    "hall.view": "查看大厅服务",
    "hall.desk": "窗口首问与告知",
    "hall.manage": "管理大厅服务",
    "search.query": "搜索",
}
REASONS = {
    "bad password": "密码错误",
    "unknown user": "用户名不存在",
    "inactive": "账号已停用",
    "throttled": "尝试过于频繁（未核对密码）",
    "complete": "已完成",
}


def permission_words(code: str) -> str:
    """The words for a permission code; a code added later reads as its room plus the code's verb."""
    if code in PERMISSION_WORDS:
        return PERMISSION_WORDS[code]
    room, _, verb = code.partition(".")
    return f"{ROOMS.get(room, room)}：{verb}"


def describe_people(ids) -> dict:
    rows = db.session.execute(db.select(User.id, User.display_name, User.username).where(User.id.in_(int_ids(ids))))
    return {str(uid): (name or login) for uid, name, login in rows}


def describe_pages(endpoints) -> dict:
    """A refused route by its room (the address it was asked at is in the entry's details)."""
    return {e: f"{ROOMS.get(e.split('.')[0], e.split('.')[0])}的页面" for e in endpoints}


def register_labels() -> None:
    values = {
        "role": dict(ROLE_LABELS),
        "reason": REASONS,
        "permission": {code: permission_words(code) for code in PERMISSIONS},
    }
    register("user", OBJECTS["user"], actions=ACTIONS, fields=FIELDS, values=values, describe=describe_people)
    register("route", OBJECTS["route"], actions=ACTIONS, fields=FIELDS, values=values, describe=describe_pages)
