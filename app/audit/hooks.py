"""Jinja filters that show audit entries in words a reader of the trail understands.

The stored entry (object type, JSON details) stays exactly as hashed; only its display changes.
Unknown object types and keys are shown as stored, so nothing is hidden.
"""
import json
import re
from datetime import date

from markupsafe import Markup, escape

from ..core.timeutil import format_date_cn

OBJECT_LABELS = {
    "user": "用户", "route": "页面", "document": "文件", "document_version": "文件版本",
    "document_kind_setting": "文件类别设置", "govdoc": "政府文件", "govdoc_folder": "政府文件目录",
    "assessment_month": "月度考核", "assessment_entry": "考核扣加分", "assessment_proposals": "考核建议分",
    "assessment_appeal": "考核申诉", "assessment_scheme": "考核方案", "assessment_cycle": "服务标兵评选",
    "assessment_nomination": "服务标兵提名",
    "rec_departments": "进驻单位", "rec_windows": "窗口", "rec_staff": "工作人员", "rec_roster_entries": "窗口人员名单",
    "rec_service_items": "进厅项目", "rec_cases": "办件", "rec_complaints": "效能投诉", "rec_ratings": "好差评",
    "rec_commendations": "表扬", "rec_attendance": "考勤", "rec_duty": "值班值周",
    "rec_roster": "窗口人员名单", "rec_items": "进厅项目",
}

KEY_LABELS = {
    "number": "编号", "title": "名称", "revision": "版本", "effective_date": "生效日期", "sha256": "内容哈希",
    "reason": "原因", "comment": "意见", "meaning": "签名含义", "conclusion": "结论", "note": "说明",
    "reviewed_on": "评审日期", "review_id": "评审记录", "source": "来源", "kind": "类别", "controlled": "受控",
    "on": "日期", "replaced_by": "替代文件", "category": "分类", "owner_office": "归口科室",
    "review_interval_months": "评审周期（月）", "distribution": "分发范围", "iso_clause": "ISO 9001 条款",
    "reviewers": "审核人", "approver": "批准人", "number_pattern": "编号规则",
    "window": "窗口", "item": "事项", "count": "次数", "points": "分值", "sheet": "考核表", "total": "总分",
    "facts": "业务数据", "new": "新增", "month": "月份", "flags": "流动红旗", "scheme_version": "考核方案版本",
    "windows": "窗口数", "cycle": "评选", "staff": "人员", "publicity_end": "公示截止", "period": "期间",
    "staff_on_duty": "在岗人数", "status": "状态", "decision": "决定", "upheld": "维持", "score": "得分",
    "case_volume": "办件量", "red_cases": "红灯件", "unresolved_bad_ratings": "未整改差评",
    "valid_complaints": "有效投诉", "revoked_flags": "撤销红旗",
    "path": "地址", "permission": "所需权限", "failures": "连续失败次数", "username": "用户名", "role": "角色",
    "due_on": "到期日", "limit_days": "承诺时限（工作日）", "received_on": "收件日期", "received_at": "收件时间",
    "accepted_on": "受理日期", "completed_on": "办结日期", "completed_at": "办结时间", "used_days": "用时（工作日）",
    "state": "状态", "outcome": "办结结果", "step": "步骤", "applicant": "申请人", "handler_staff_id": "经办人",
    "staff_id": "人员", "window_id": "窗口", "item_id": "事项", "is_instant": "即办件", "is_open": "在办",
    "handling_class": "办件类型", "stopped_workdays": "暂停工作日", "yellow_on": "黄灯起始",
    "code": "编码", "name": "名称", "valid_from": "生效日期", "revision_from": "新条款生效日期",
    "moved_to": "调至窗口", "new_entry": "新名单记录", "file": "文件", "rows": "行数", "position": "岗位",
    "day": "日期", "year": "年度",
}

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _value_labels() -> dict[str, dict]:
    """Codes stored in details, in words (looked up when shown, so the audit package imports no domain at load)."""
    from ..records.case_services import STEP_LABELS
    from ..records.vocab import CASE_STATES

    return {"state": CASE_STATES, "step": STEP_LABELS, "outcome": {"approved": "准予", "refused": "不予"}}


def object_label(object_type: str | None, object_id=None) -> str:
    label = OBJECT_LABELS.get(object_type or "", object_type or "")
    return f"{label} {object_id}" if object_id not in (None, "") else label


def _value(value) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and _ISO_DAY.match(value):
        try:
            return format_date_cn(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, dict):
        return "；".join(f"{KEY_LABELS.get(k, k)} {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(_value(v) for v in value)
    if isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return value[:12] + "…"
    return str(value)


def details_html(details_json: str | None) -> Markup:
    """'键：值' pairs, one per line, Chinese key names and dates; raw text when it is not a JSON object."""
    try:
        data = json.loads(details_json or "{}")
    except ValueError:
        return Markup(escape(details_json or ""))
    if not isinstance(data, dict):
        return Markup(escape(details_json))
    if not data:
        return Markup("—")
    codes = _value_labels()
    parts = [
        Markup('<span class="kv"><span class="k">{}</span>：{}</span>').format(
            KEY_LABELS.get(k, k), codes[k].get(v, v) if k in codes and isinstance(v, str) else _value(v))
        for k, v in data.items()
    ]
    return Markup("<br>").join(parts)


def init_app(app) -> None:
    app.jinja_env.filters["audit_object"] = object_label
    app.jinja_env.filters["audit_details"] = details_html
