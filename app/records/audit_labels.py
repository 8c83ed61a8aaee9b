"""The words the audit trail page shows for the business records (办件, 窗口, 人员 ...) entries of this room
(registered with app/audit/labels.py by wiring.py; the stored entries keep their codes)."""

from ..audit.labels import int_ids, register
from ..extensions import db
from .logic.vocab import CASE_STATES, STEP_LABELS
from .models import Case, Complaint, Staff, Window

OBJECTS = {
    "rec_departments": "进驻单位",
    "rec_windows": "窗口",
    "rec_staff": "工作人员",
    "rec_roster_entries": "窗口人员名单",
    "rec_service_items": "进厅项目",
    "rec_cases": "办件",
    "rec_complaints": "效能投诉",
    "rec_ratings": "好差评",
    "rec_commendations": "表扬",
    "rec_attendance": "考勤",
    "rec_duty": "值班值周",
    "rec_roster": "窗口人员名单",
    "rec_items": "进厅项目",
}
ACTIONS = {}
# Keys of the details these entries store.
FIELDS = {
    "number": "编号",
    "title": "名称",
    "reason": "原因",
    "comment": "意见",
    "note": "说明",
    "source": "来源",
    "kind": "类别",
    "on": "日期",
    "window": "窗口",
    "item": "事项",
    "points": "分值",
    "total": "总分",
    "month": "月份",
    "windows": "窗口数",
    "staff": "人员",
    "status": "状态",
    "upheld": "维持",
    "valid_complaints": "有效投诉",
    "path": "地址",
    "username": "用户名",
    "role": "角色",
    "due_on": "到期日",
    "limit_days": "承诺时限（工作日）",
    "received_on": "收件日期",
    "received_at": "收件时间",
    "accepted_on": "受理日期",
    "completed_on": "办结日期",
    "completed_at": "办结时间",
    "used_days": "用时（工作日）",
    "state": "状态",
    "outcome": "办结结果",
    "step": "步骤",
    "applicant": "申请人",
    "handler_staff_id": "经办人",
    "staff_id": "人员",
    "window_id": "窗口",
    "item_id": "事项",
    "is_instant": "即办件",
    "is_open": "在办",
    "handling_class": "办件类型",
    "stopped_workdays": "暂停工作日",
    "yellow_on": "黄灯起始",
    "code": "编码",
    "name": "名称",
    "valid_from": "生效日期",
    "revision_from": "新条款生效日期",
    "moved_to": "调至窗口",
    "new_entry": "新名单记录",
    "file": "文件",
    "rows": "行数",
    "position": "岗位",
    "day": "日期",
    "year": "年度",
}
# Codes stored in the details, in words.
VALUES = {"state": CASE_STATES, "step": STEP_LABELS, "outcome": {"approved": "准予", "refused": "不予"}}


def _by(column, words):
    model = column.class_

    def describe(ids) -> dict:
        rows = db.session.execute(db.select(model.id, column).where(model.id.in_(int_ids(ids))))
        return {str(i): words(value) for i, value in rows}

    return describe


DESCRIBE = {
    "rec_cases": _by(Case.number, lambda n: n),
    "rec_complaints": _by(Complaint.number, lambda n: n),
    "rec_windows": _by(Window.number, lambda n: f"{n}号窗口"),
    "rec_staff": _by(Staff.name, lambda n: n),
}


def register_labels() -> None:
    for object_type, label in OBJECTS.items():
        register(object_type, label, actions=ACTIONS, fields=FIELDS, values=VALUES, describe=DESCRIBE.get(object_type))
