"""Vocabularies of the records domain: codes stored in the database -> Chinese labels.

No Flask, no SQLAlchemy, so pure modules (caseclock.py) can import them."""

ITEM_TYPES = {"license": "行政许可", "non_license": "非行政许可审批", "public": "公共服务"}
HANDLING_CLASSES = {"instant": "即办件", "committed": "承诺件", "joint": "联办件", "report": "上报件"}

# Case states (办件状态)
CASE_RECEIVED = "received"  # 收件, papers checked
CASE_SUPPLEMENT = "supplement"  # 补正: papers missing, the clock stands still
CASE_ACCEPTED = "accepted"  # 受理
CASE_REFUSED_ACCEPT = "not_accepted"  # 不予受理 (closed)
CASE_COMPLETED = "completed"  # 办结 (outcome approved / refused)
CASE_WITHDRAWN = "withdrawn"  # 撤销 by the applicant (closed)
CASE_STATES = {
    CASE_RECEIVED: "已收件",
    CASE_SUPPLEMENT: "补正中",
    CASE_ACCEPTED: "已受理",
    CASE_REFUSED_ACCEPT: "不予受理",
    CASE_COMPLETED: "已办结",
    CASE_WITHDRAWN: "已撤销",
}
OPEN_STATES = (CASE_RECEIVED, CASE_SUPPLEMENT, CASE_ACCEPTED)
OUTCOMES = {"approved": "准予", "refused": "不予"}
# Steps of a case (办件步骤), as entered and as the audit trail names them
STEP_LABELS = {
    "receive": "收件",
    "supplement": "补正告知",
    "supplement_done": "补正齐全",
    "accept": "受理",
    "not_accept": "不予受理",
    "pause": "暂停计时",
    "resume": "恢复计时",
    "complete": "办结",
    "withdraw": "撤销",
    "correct": "更正",
    "void": "作废",
}

COMPLAINT_CHANNELS = {"phone": "电话", "letter": "信件", "online": "网络", "on_site": "现场", "rating": "好差评"}
COMPLAINT_FINDINGS = {"true": "属实", "partly": "部分属实", "false": "不属实"}
RATING_GRADES = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
RATING_CHANNELS = {"on_site": "现场评价器", "online": "网上", "app": "移动端", "sms": "短信", "phone": "电话回访"}
COMMENDATION_KINDS = {"letter": "表扬信", "banner": "锦旗", "media": "媒体表扬", "other": "其他"}
MEDIA_LEVELS = {"": "—", "county": "县级", "city": "市级", "province": "省级", "national": "国家级"}
ATTENDANCE_STATUSES = {
    "normal": "正常",
    "late": "迟到",
    "early": "早退",
    "absent": "旷工",
    "public_leave": "公假",
    "personal_leave": "事假",
    "sick_leave": "病假",
    "out": "外出",
}
ATTENDANCE_SLOTS = {"day": "全天", "am": "上午", "pm": "下午"}
DUTY_KINDS = {"hall": "大厅值班", "week": "值周"}


# 办件编号: one format everywhere (services, demo, imports): BJ + date of receipt + 5 digits,
# e.g. BJ2026060300017; the running number comes from the sequence table (app/core/sequences.py).
CASE_NUMBER_WIDTH = 5


def case_number_prefix(on) -> str:
    return f"BJ{on:%Y%m%d}"


def case_number(on, n: int) -> str:
    return f"{case_number_prefix(on)}{n:0{CASE_NUMBER_WIDTH}d}"
