"""The words the audit trail page shows for the monthly assessment and 服务标兵 entries of this room
(registered with app/audit/labels.py by wiring.py; the stored entries keep their codes)."""

from ..audit.labels import register

OBJECTS = {
    "assessment_month": "月度考核",
    "assessment_entry": "考核扣加分",
    "assessment_proposals": "考核建议分",
    "assessment_appeal": "考核申诉",
    "assessment_scheme": "考核方案",
    "assessment_cycle": "服务标兵评选",
    "assessment_nomination": "服务标兵提名",
}
ACTIONS = {
    "submit": "提交审核",
    "reject": "驳回",
    "approve": "批准",
    "sign_refused": "签名被拒",
    "lock": "锁定",
    "reopen": "重新开放",
    "appeal": "申诉",
    "decide": "复核",
    "vote": "投票",
    "publish": "公示",
    "accept": "采纳",
    "choose_source": "选择考核细则来源",
}
# Keys of the details these entries store.
FIELDS = {
    "from": "原来",
    "to": "改为",
    "number": "编号",
    "revision": "版本",
    "sha256": "内容哈希",
    "reason": "原因",
    "note": "说明",
    "source": "来源",
    "kind": "类别",
    "window": "窗口",
    "item": "事项",
    "count": "次数",
    "points": "分值",
    "sheet": "考核表",
    "total": "总分",
    "facts": "业务数据",
    "new": "新增",
    "month": "月份",
    "flags": "流动红旗",
    "scheme_version": "考核方案版本",
    "windows": "窗口数",
    "cycle": "评选",
    "staff": "人员",
    "publicity_end": "公示截止",
    "period": "期间",
    "staff_on_duty": "在岗人数",
    "status": "状态",
    "decision": "决定",
    "upheld": "维持",
    "score": "得分",
    "case_volume": "办件量",
    "red_cases": "红灯件",
    "unresolved_bad_ratings": "未整改差评",
    "valid_complaints": "有效投诉",
    "bad_rectify_rate": "差评整改率",
    "revoked_flags": "撤销红旗",
    "path": "地址",
    "username": "用户名",
    "role": "角色",
    "step": "步骤",
    "staff_id": "人员",
    "window_id": "窗口",
    "code": "编码",
    "name": "名称",
    "rows": "行数",
    "day": "日期",
    "year": "年度",
}


def register_labels() -> None:
    for object_type, label in OBJECTS.items():
        register(object_type, label, actions=ACTIONS, fields=FIELDS)
