"""The words the audit trail page shows for the improvement loop's entries (nonconformities, proposals,
objectives, internal audits, management reviews); registered with app/audit/labels.py by wiring.py,
the stored entries keep their codes."""

from ..audit.labels import int_ids, register
from ..extensions import db
from .logic.vocab import (
    ACTION_STATES,
    AUDIT_STATES,
    CAUSE_CATEGORIES,
    CAUSE_METHODS,
    FINDINGS,
    SEVERITIES,
    SOURCES,
    STATE_LABELS,
)
from .models import Audit, ManagementReview, Nonconformity

OBJECTS = {
    "nonconformity": "不合格",
    "nc_proposal": "不合格建议",
    "quality_objective": "质量目标",
    "internal_auditor": "内审员",
    "audit_programme": "内审方案",
    "internal_audit": "内部审核",
    "management_review": "管理评审",
}
ACTIONS = {
    "step": "推进步骤",
    "effectiveness": "有效性评价",
    "revise": "发起文件修订",
    "scan": "从记录中查找",
    "accept": "采纳",
    "reject": "不采纳",
    "compute": "按记录计算",
    "appoint": "任命",
    "plan": "编制审核计划",
    "checklist": "生成检查表",
    "perform": "实施审核",
    "finding": "记录审核发现",
    "report": "发布报告",
    "close": "关闭",
    "gather": "汇集评审输入",
    "note": "补充输入",
    "hold": "召开会议",
    "minutes": "会议记录",
    "action": "决定措施",
    "action_done": "措施完成",
}
FIELDS = {
    "number": "编号",
    "nc": "不合格",
    "action": "措施",
    "year": "年度",
    "title": "名称",
    "reason": "原因",
    "on": "日期",
    "document": "文件",
    "text": "内容",
    "target": "目标值",
    "revision": "版本",
    "note": "说明",
    "key": "指标",
    "clause": "条款",
    "windows": "窗口",
    "window_id": "窗口",
    "values": "数值",
    "user": "人员",
    "team": "审核组",
    "step": "步骤",
    "state": "状态",
    "source_ref": "来源记录",
    "source": "来源",
    "severity": "严重程度",
    "seq": "序号",
    "recurrences": "复发次数",
    "previous": "上次",
    "period": "期间",
    "owner_id": "负责人",
    "owned": "负责",
    "opens": "打开",
    "new": "新增",
    "name": "名称",
    "measure": "测量方法",
    "meaning": "签名含义",
    "lines": "行数",
    "last": "最后",
    "held_on": "召开日期",
    "first": "首次",
    "finding": "审核发现",
    "evidence": "证据",
    "effective": "有效",
    "due_on": "期限",
    "departments": "部门",
    "department_id": "部门",
    "conclusion": "结论",
    "comment": "意见",
    "clauses": "条款",
    "chair": "主持人",
    "correction": "纠正",
    "cause_method": "原因分析方法",
    "cause_category": "原因类别",
    "why_chain": "逐层追问",
    "root_cause": "根本原因",
    "similar_note": "类似问题",
    "action_plan": "纠正措施",
    "action_owner_id": "措施负责人",
    "action_due_on": "措施期限",
    "verification_note": "验证情况",
    "verified_on": "验证日期",
    "effectiveness_note": "有效性评价",
    "process": "过程",
    "iso_clause": "ISO 9001 条款",
    "rule_number": "规章编号",
    "rule_article": "条文",
    "description": "事实描述",
    "found_on": "发现日期",
    "scope": "范围",
    "criteria": "准则",
    "auditors": "审核员",
}
VALUES = {
    "source": SOURCES,
    "severity": SEVERITIES,
    "step": STATE_LABELS,
    "state": {**STATE_LABELS, **AUDIT_STATES, **ACTION_STATES},
    "cause_method": CAUSE_METHODS,
    "cause_category": CAUSE_CATEGORIES,
    "finding": FINDINGS,
}


def _by_number(model):
    def describe(ids) -> dict:
        rows = db.session.execute(db.select(model.id, model.number).where(model.id.in_(int_ids(ids))))
        return {str(i): number for i, number in rows}

    return describe


DESCRIBE = {
    "nonconformity": _by_number(Nonconformity),
    "internal_audit": _by_number(Audit),
    "management_review": _by_number(ManagementReview),
}


def register_labels() -> None:
    for object_type, label in OBJECTS.items():
        register(object_type, label, actions=ACTIONS, fields=FIELDS, values=VALUES, describe=DESCRIBE.get(object_type))
