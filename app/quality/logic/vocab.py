"""Codes and their Chinese names for the quality room. Pure data."""

# Where a nonconformity came from (issue 16, item 1).
SOURCES = {
    "complaint": "效能投诉属实",
    "rating": "差评未按期整改",
    "red_light": "红灯办件",
    "audit": "内部审核发现",
    "review": "管理评审决定",
    "external": "外部审核",
    "scoring_veto": "考核一票否决",
    "staff_report": "工作人员报告",
    "objective": "质量目标未达成",
}

SEVERITIES = {"major": "严重", "minor": "一般", "observation": "观察项"}

# The steps of ISO 9001 10.2, in order; the state of a nonconformity is its current step.
STEPS = [
    ("correction", "纠正"),
    ("root_cause", "原因分析"),
    ("action", "纠正措施"),
    ("verification", "实施验证"),
    ("effectiveness", "有效性评价"),
    ("closure", "关闭"),
]
STEP_LABELS = dict(STEPS)
CLOSED = "closed"
VOIDED = "voided"
STATE_LABELS = dict(STEP_LABELS, **{CLOSED: "已关闭", VOIDED: "已作废"})

# Root-cause categories (人机料法环测) and the methods offered.
CAUSE_CATEGORIES = {
    "man": "人",
    "machine": "机",
    "material": "料",
    "method": "法",
    "environment": "环",
    "measurement": "测",
}
CAUSE_METHODS = {"5why": "5个为什么", "6m": "人机料法环测"}

PROPOSAL_PENDING, PROPOSAL_ACCEPTED, PROPOSAL_REJECTED = "pending", "accepted", "rejected"
PROPOSAL_LABELS = {PROPOSAL_PENDING: "待处理", PROPOSAL_ACCEPTED: "已采纳", PROPOSAL_REJECTED: "不采纳"}

FINDINGS = {"conform": "符合", "observation": "观察项", "nonconform": "不符合"}

AUDIT_STATES = {"planned": "计划", "performed": "已实施", "reported": "已出报告", "closed": "已关闭"}
REVIEW_STATES = {"draft": "准备中", "held": "已召开", "closed": "报告已发布"}
ACTION_STATES = {"open": "进行中", "done": "已完成"}
