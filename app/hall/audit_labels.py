"""The words the audit trail page shows for the hall's entries (registered by wiring.py)."""

from ..audit.labels import register
from .logic import complaints as cr
from .logic import first_contact as fc
from .logic import joint, outbox

OBJECTS = {
    "hall_first_contacts": "首问登记",
    "hall_material_lists": "申请材料目录",
    "hall_supplement_notices": "一次性告知书",
    "hall_notice_messages": "告知书发送",
    "hall_joint_stages": "联办阶段",
    "hall_case_reports": "上报件",
    "hall_accountability": "责任追究",
    "hall_devices": "大厅设备",
    "hall_supervisors": "效能监督员",
    "hall_supervisor_visits": "监督员走访",
    "hall_quarter_reviews": "季评",
    "hall_quarter_appeals": "季评申诉",
}
ACTIONS = {"api": "设备调用", "api_refused": "设备调用被拒绝"}
FIELDS = {
    "visitor": "来访人",
    "channel": "发送方式",
    "recipient": "接收方",
    "attempts": "尝试次数",
    "error": "失败原因",
    "matter": "事项",
    "handovers": "转交次数",
    "shirk": "推诿",
    "from_window_id": "转出窗口",
    "to_window_id": "接收窗口",
    "answer": "答复",
    "case": "办件",
    "case_id": "办件",
    "missing": "缺少材料",
    "breach": "违反一次性告知的材料",
    "deadline_on": "补正期限",
    "charged": "计入考核",
    "finding": "调查结论",
    "decision": "决定",
    "investigator_id": "调查人",
    "late": "逾期",
    "device": "设备",
    "device_id": "设备",
    "ticket": "取号",
    "first_contact": "首问登记",
    "grade": "评价等级",
    "category": "差评类别",
    "excluded_kind": "剔除类型",
    "score": "评分",
    "supervisor": "监督员",
    "status": "状态",
    "corrected_score": "更正得分",
    "publicity_end": "公示截止",
    "token_hint": "令牌尾号",
    "action": "调用",
}
VALUES = {
    "step": {
        "hand_over": "转交",
        "confirm": "确认接收",
        "answer": "答复",
        "to_case": "转为办件",
        "joint": "发起联办",
        "verify": "核实",
        "rectify": "整改",
        "revisit": "回访",
        "appeal": "申诉复核",
        "appeal_decision": "复核决定",
        "publish": "公示",
        "final": "定稿",
        "end": "解聘",
        "revoke": "停用",
        "sent": "已发送",
        "send_failed": "发送失败",
        "requeue": "重新发送",
        **cr.STEP_LABELS,
    },
    "finding": cr.FINDINGS,
    "decision": {**cr.DECISIONS, "upheld": "成立", "rejected": "不成立"},
    "answer": joint.ANSWER_LABELS,
    "status": {**fc.STATUS_LABELS, **outbox.STATUS_LABELS},
    "channel": outbox.CHANNELS,
}


def register_labels() -> None:
    for code, words in OBJECTS.items():
        register(code, words, actions=ACTIONS, fields=FIELDS, values=VALUES)
