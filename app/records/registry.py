"""The simple record kinds that share one list / form / void / export set of pages.

Each kind names its model, form, list columns (header, function of the row -> text), the date
column the month filter uses, and whether it has a window column to filter on."""

from dataclasses import dataclass, field

from ..core.timeutil import format_date_cn, local_today
from . import forms
from .models import (
    ATTENDANCE_SLOTS,
    ATTENDANCE_STATUSES,
    COMMENDATION_KINDS,
    COMPLAINT_CHANNELS,
    COMPLAINT_FINDINGS,
    DUTY_KINDS,
    MEDIA_LEVELS,
    RATING_GRADES,
    Attendance,
    Commendation,
    Complaint,
    Department,
    DutyAssignment,
    Rating,
    Staff,
    Window,
)


@dataclass
class Kind:
    code: str
    label: str
    model: type
    form: type
    columns: list
    date_field: str | None = None
    has_window: bool = False
    order: list = field(default_factory=list)
    # Personal data (header, column, mask kind): shown on the detail page and in the export, masked
    # for people who may not see it (app.auth.privacy), never in the list.
    personal: list = field(default_factory=list)


def _d(name):
    return lambda r: format_date_cn(getattr(r, name))


def _win(r):
    return r.window.label if getattr(r, "window", None) else ""


def _staff(r):
    return r.staff.name if getattr(r, "staff", None) else ""


def _yes(v):
    return {True: "是", False: "否", None: "—"}[v]


def _complaint_state(r):
    late = r.replied_on is None and r.deadline_on is not None and r.deadline_on < local_today()
    if r.valid is None:
        return "待认定，办理逾期" if late else "待认定"
    state = "有效" if r.valid else "无效"
    return state + ("，未答复且已逾期" if late else "")


def _rating_state(r):
    if r.grade > 2:
        return ""
    if r.upheld is None:
        return "差评待核实"
    if not r.upheld:
        return "核实不属实"
    if r.rectified_on is None:
        late = r.rectify_due_on is not None and r.rectify_due_on < local_today()
        return "整改逾期" if late else "整改中"
    return "已整改" + ("、已回访" if r.revisited_on else "、待回访")


KINDS = {
    k.code: k
    for k in [
        Kind(
            "departments",
            "进驻单位",
            Department,
            forms.DepartmentForm,
            [("单位名称", lambda r: r.name), ("简称", lambda r: r.short_name)],
            order=["name"],
        ),
        Kind(
            "windows",
            "窗口",
            Window,
            forms.WindowForm,
            [
                ("窗口号", lambda r: r.number),
                ("窗口名称", lambda r: r.name),
                ("进驻单位", lambda r: r.department.name if r.department else ""),
                ("开设", _d("opened_on")),
                ("撤销", _d("closed_on")),
            ],
            order=["number"],
        ),
        Kind(
            "staff",
            "工作人员",
            Staff,
            forms.StaffForm,
            [
                ("姓名", lambda r: r.name),
                ("派驻单位", lambda r: r.department.name if r.department else ""),
                ("岗位", lambda r: r.post),
                ("首席代表", lambda r: "是" if r.is_chief_rep else ""),
                ("联系电话", lambda r: r.phone),
                ("进驻", _d("joined_on")),
                ("离开", _d("left_on")),
            ],
            order=["name"],
        ),
        Kind(
            "complaints",
            "效能投诉",
            Complaint,
            forms.ComplaintForm,
            [
                ("编号", lambda r: r.number),
                ("受理日期", _d("received_on")),
                ("来源", lambda r: COMPLAINT_CHANNELS.get(r.channel, r.channel)),
                ("窗口", _win),
                ("人员", _staff),
                ("内容", lambda r: r.content[:40]),
                ("办理期限", _d("deadline_on")),
                ("结论", lambda r: COMPLAINT_FINDINGS.get(r.finding, "—")),
                ("认定", _complaint_state),
                ("答复", _d("replied_on")),
                ("回访", _d("revisited_on")),
            ],
            date_field="received_on",
            has_window=True,
            order=["-received_on"],
            personal=[("投诉人", "complainant", "name"), ("联系方式", "contact", "phone")],
        ),
        Kind(
            "ratings",
            "好差评",
            Rating,
            forms.RatingForm,
            [
                ("日期", _d("rated_on")),
                ("等级", lambda r: RATING_GRADES.get(r.grade, r.grade)),
                ("窗口", _win),
                ("人员", _staff),
                ("内容", lambda r: r.comment[:40]),
                ("差评处理", _rating_state),
                ("整改期限", _d("rectify_due_on")),
                ("整改完成", _d("rectified_on")),
            ],
            date_field="rated_on",
            has_window=True,
            order=["-rated_on"],
        ),
        Kind(
            "commendations",
            "表扬",
            Commendation,
            forms.CommendationForm,
            [
                ("日期", _d("received_on")),
                ("类别", lambda r: COMMENDATION_KINDS.get(r.kind, r.kind)),
                ("媒体级别", lambda r: MEDIA_LEVELS.get(r.media_level, "") if r.media_level else ""),
                ("窗口", _win),
                ("人员", _staff),
                ("来源", lambda r: r.source),
                ("内容", lambda r: r.content[:40]),
            ],
            date_field="received_on",
            has_window=True,
            order=["-received_on"],
        ),
        Kind(
            "attendance",
            "考勤",
            Attendance,
            forms.AttendanceForm,
            [
                ("日期", _d("day")),
                ("时段", lambda r: ATTENDANCE_SLOTS.get(r.slot, r.slot)),
                ("人员", _staff),
                ("窗口", _win),
                ("考勤情况", lambda r: ATTENDANCE_STATUSES.get(r.status, r.status)),
                ("打卡时间", lambda r: r.clock_time),
                ("备注", lambda r: r.note),
            ],
            date_field="day",
            has_window=True,
            order=["-day", "staff_id"],
        ),
        Kind(
            "duty",
            "值班值周",
            DutyAssignment,
            forms.DutyForm,
            [
                ("类别", lambda r: DUTY_KINDS.get(r.kind, r.kind)),
                ("开始", _d("start_on")),
                ("结束", _d("end_on")),
                ("值班人", lambda r: r.staff.name if r.staff else r.person_name),
                ("巡查情况", lambda r: r.findings[:60]),
            ],
            date_field="start_on",
            order=["-start_on"],
        ),
    ]
}

# Form fields that are not model columns.
NON_COLUMNS = {"row_version", "csrf_token", "submit"}


TEXT_FIELDS = {"StringField", "TextAreaField", "TelField", "EmailField"}


def form_values(form) -> dict:
    """The form's values by column; a text field missing from the POST is "" (its columns are NOT
    NULL), not None, so a hand-made POST is refused or saved, never an IntegrityError."""
    return {
        name: ("" if f.data is None and f.type in TEXT_FIELDS else f.data)
        for name, f in form._fields.items()
        if name not in NON_COLUMNS
    }


def yes_no(v) -> str:
    return _yes(v)
