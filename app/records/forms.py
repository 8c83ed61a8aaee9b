"""Forms of the records domain. Each form fills its own department, window, staff and item choices
when it is made (RecordsForm → fill_choices), so a view never does."""

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..core.timeutil import local_now, local_today
from ..extensions import db
from .logic.vocab import STEP_LABELS
from .models import (
    ATTENDANCE_SLOTS,
    ATTENDANCE_STATUSES,
    COMMENDATION_KINDS,
    COMPLAINT_CHANNELS,
    COMPLAINT_FINDINGS,
    DUTY_KINDS,
    HANDLING_CLASSES,
    ITEM_TYPES,
    MEDIA_LEVELS,
    RATING_CHANNELS,
    RATING_GRADES,
    Department,
    RosterEntry,
    ServiceItem,
    Staff,
    Window,
)
from .queries.cases import items_of_window
from .services.case_access import is_window_bound, own_window, scope_refusal
from .services.cases import allowed_steps

REQ = "此项必填。"


def _opt_int(value):
    return int(value) if value not in (None, "", "None") else None


def _choices(d):
    return list(d.items())


class RecordsForm(FlaskForm):
    """A records form: its select fields naming departments, windows, staff and items are filled here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fill_choices(self)


class VersionedForm(RecordsForm):
    row_version = HiddenField()

    @classmethod
    def editing(cls, obj):
        """The form correcting `obj`: its values and version on a GET, the posted values otherwise."""
        return cls(obj=obj, row_version=obj.row_version) if request.method == "GET" else cls()


class DepartmentForm(VersionedForm):
    name = StringField("单位名称", validators=[DataRequired(REQ), Length(max=80)])
    short_name = StringField("简称", validators=[Optional(), Length(max=20)])


class WindowForm(VersionedForm):
    number = StringField("窗口号", validators=[DataRequired(REQ), Length(max=20)])
    name = StringField("窗口名称", validators=[DataRequired(REQ), Length(max=80)])
    department_id = SelectField("进驻单位", coerce=_opt_int, validators=[InputRequired(REQ)])
    opened_on = DateField("开设日期", validators=[Optional()])
    closed_on = DateField("撤销日期", validators=[Optional()])


class StaffForm(VersionedForm):
    name = StringField("姓名", validators=[DataRequired(REQ), Length(max=40)])
    department_id = SelectField("派驻单位", coerce=_opt_int, validators=[Optional()])
    post = StringField("岗位/职务", validators=[Optional(), Length(max=40)])
    is_chief_rep = BooleanField("首席代表")
    phone = StringField("联系电话", validators=[Optional(), Length(max=40)])
    joined_on = DateField("进驻日期", validators=[Optional()])
    left_on = DateField("离开日期", validators=[Optional()])


class ComplaintForm(VersionedForm):
    number = StringField(
        "投诉编号", validators=[Optional(), Length(max=40)], description="新登记时留空：自动编号（TS年份-五位序号）"
    )
    channel = SelectField("来源", choices=_choices(COMPLAINT_CHANNELS))
    received_on = DateField("受理日期", validators=[DataRequired(REQ)])
    complainant = StringField("投诉人", validators=[Optional(), Length(max=80)])
    contact = StringField("联系方式", validators=[Optional(), Length(max=80)])
    window_id = SelectField("被投诉窗口", coerce=_opt_int, validators=[Optional()])
    staff_id = SelectField("被投诉人员", coerce=_opt_int, validators=[Optional()])
    content = TextAreaField("投诉内容", validators=[DataRequired(REQ)])
    deadline_on = DateField("办理期限", validators=[Optional()], description="留空按工作日自动计算")
    handler_name = StringField("承办人", validators=[Optional(), Length(max=40)])
    finding = SelectField(
        "调查结论", choices=[("", "尚未认定")] + _choices(COMPLAINT_FINDINGS), coerce=lambda v: v or None
    )
    verdict_reason = TextAreaField("认定理由", validators=[Optional()])
    result = TextAreaField("处理结果", validators=[Optional()])
    penalty = StringField("责任追究", validators=[Optional(), Length(max=200)])
    replied_on = DateField("答复日期", validators=[Optional()])
    revisited_on = DateField("回访日期", validators=[Optional()])
    revisit_note = TextAreaField("回访情况", validators=[Optional()])


class RatingForm(VersionedForm):
    rated_on = DateField("评价日期", validators=[DataRequired(REQ)])
    grade = SelectField("评价等级", coerce=int, choices=list(RATING_GRADES.items()))
    channel = SelectField("评价渠道", choices=_choices(RATING_CHANNELS))
    window_id = SelectField("窗口", coerce=_opt_int, validators=[Optional()])
    staff_id = SelectField("工作人员", coerce=_opt_int, validators=[Optional()])
    comment = TextAreaField("评价内容", validators=[Optional()])
    upheld = SelectField(
        "差评核实",
        choices=[("", "未核实"), ("1", "属实（需整改）"), ("0", "不属实")],
        coerce=lambda v: None if v in ("", None, "None") else v in ("1", True, "True"),
    )
    verified_on = DateField("核实日期", validators=[Optional()])
    verify_note = TextAreaField("核实情况", validators=[Optional()])
    rectify_due_on = DateField(
        "整改期限", validators=[Optional()], description="留空按工作日自动计算（默认15个工作日）"
    )
    rectified_on = DateField("整改完成日期", validators=[Optional()])
    rectify_note = TextAreaField("整改情况", validators=[Optional()])
    revisited_on = DateField("回访日期", validators=[Optional()])
    revisit_note = TextAreaField("回访情况", validators=[Optional()])


class CommendationForm(VersionedForm):
    kind = SelectField("类别", choices=_choices(COMMENDATION_KINDS))
    media_level = SelectField("媒体级别", choices=_choices(MEDIA_LEVELS))
    received_on = DateField("日期", validators=[DataRequired(REQ)])
    window_id = SelectField("窗口", coerce=_opt_int, validators=[Optional()])
    staff_id = SelectField("工作人员", coerce=_opt_int, validators=[Optional()])
    source = StringField("来源", validators=[Optional(), Length(max=120)])
    content = TextAreaField("内容摘要", validators=[Optional()])


class AttendanceForm(VersionedForm):
    staff_id = SelectField("工作人员", coerce=_opt_int, validators=[InputRequired(REQ)])
    window_id = SelectField("窗口", coerce=_opt_int, validators=[Optional()], description="留空按当年名单确定")
    day = DateField("日期", validators=[DataRequired(REQ)])
    slot = SelectField("时段", choices=_choices(ATTENDANCE_SLOTS))
    status = SelectField("考勤情况", choices=_choices(ATTENDANCE_STATUSES))
    clock_time = StringField("打卡时间", validators=[Optional(), Length(max=10)])
    note = StringField("备注", validators=[Optional(), Length(max=200)])


class DutyForm(VersionedForm):
    kind = SelectField("类别", choices=_choices(DUTY_KINDS))
    start_on = DateField("开始日期", validators=[DataRequired(REQ)])
    end_on = DateField("结束日期", validators=[DataRequired(REQ)])
    staff_id = SelectField("值班人员", coerce=_opt_int, validators=[Optional()])
    person_name = StringField("值班人（非窗口人员）", validators=[Optional(), Length(max=40)])
    findings = TextAreaField("巡查情况", validators=[Optional()])


class ItemForm(VersionedForm):
    code = StringField("事项编码", validators=[DataRequired(REQ), Length(max=40)])
    name = StringField("事项名称", validators=[DataRequired(REQ), Length(max=200)])
    department_id = SelectField("实施单位", coerce=_opt_int, validators=[InputRequired(REQ)])
    window_id = SelectField("受理窗口", coerce=_opt_int, validators=[Optional()])


class RevisionForm(VersionedForm):
    valid_from = DateField("生效日期", validators=[DataRequired(REQ)])
    item_type = SelectField("事项类型", choices=_choices(ITEM_TYPES))
    handling_class = SelectField("办件类型", choices=_choices(HANDLING_CLASSES))
    legal_limit_days = IntegerField("法定时限（工作日）", validators=[InputRequired(REQ), NumberRange(0, 400)])
    committed_limit_days = IntegerField("承诺时限（工作日）", validators=[InputRequired(REQ), NumberRange(0, 400)])
    fee = StringField("收费标准", default="不收费", validators=[Optional(), Length(max=80)])
    note = TextAreaField("备注", validators=[Optional()])

    TERMS = ("item_type", "handling_class", "legal_limit_days", "committed_limit_days", "fee", "note")

    def terms(self) -> dict:
        """The item's terms as create_item / revise_item take them (an empty number is 0, a text "")."""
        return {t: getattr(self, t).data or (0 if "days" in t else "") for t in self.TERMS}


class NewItemForm(ItemForm, RevisionForm):
    def new_item(self) -> ServiceItem:
        return ServiceItem(
            code=self.code.data.strip(),
            name=self.name.data.strip(),
            department_id=self.department_id.data,
            window_id=self.window_id.data,
        )


class CaseForm(RecordsForm):
    item_id = SelectField("办理事项", coerce=_opt_int, validators=[InputRequired(REQ)])
    window_id = SelectField("受理窗口", coerce=_opt_int, validators=[Optional()], description="留空取事项所属窗口")
    received_at = DateTimeLocalField("收件时间", format="%Y-%m-%dT%H:%M", validators=[DataRequired(REQ)])
    applicant = StringField("申请人", validators=[DataRequired(REQ), Length(max=120)])
    applicant_phone = StringField("联系电话", validators=[Optional(), Length(max=40)])
    handler_staff_id = SelectField("经办人", coerce=_opt_int, validators=[Optional()])
    note = TextAreaField("备注", validators=[Optional()])

    def __init__(self, *args, user=None, **kwargs):
        """For `user`: a new form starts at this minute with the user as handler; window staff are
        offered only the window they serve today and its items."""
        super().__init__(*args, **kwargs)
        self.item = None
        if not self.is_submitted():
            self.received_at.data = local_now().replace(tzinfo=None, second=0, microsecond=0)
            if user is not None and user.staff_id:
                self.handler_staff_id.data = user.staff_id
        if user is not None and is_window_bound(user):
            self._limit_windows(user)

    def _limit_windows(self, user) -> None:
        today = local_today()
        window = own_window(user, today)
        field = self.window_id
        field.validate_choice = False  # another window is refused by register_case, with its reason, audited
        if window is None:
            field.choices = [(None, "—")]
            field.description = scope_refusal(user, None, today)
        else:
            field.choices = [(window.id, window.label)]
            field.description = "窗口工作人员只能登记本窗口的办件"
            if not self.is_submitted():
                field.data = window.id
            # and only the items handled at that window (or by its department with no window named)
            own_items = items_of_window(window)
            self.item_id.choices = [c for c in self.item_id.choices if c[0] is None or c[0] in own_items]

    def validate_item_id(self, field):
        if field.errors:
            return
        self.item = db.session.get(ServiceItem, field.data) if field.data else None
        if self.item is None:
            raise ValidationError("请选择办理事项。")

    def case_values(self) -> dict:
        """register_case's arguments after the item."""
        return {
            "received_at": self.received_at.data,
            "applicant": self.applicant.data,
            "window_id": self.window_id.data,
            "handler_staff_id": self.handler_staff_id.data,
            "applicant_phone": self.applicant_phone.data or "",
            "note": self.note.data or "",
        }


class CaseStepForm(VersionedForm):
    kind = SelectField("办理步骤", choices=[])
    on = DateField("办理日期", validators=[DataRequired(REQ)])
    outcome = SelectField(
        "办结结果", choices=[("", "—"), ("approved", "准予"), ("refused", "不予")], validate_choice=False
    )
    staff_id = SelectField("经办人", coerce=_opt_int, validators=[Optional()])
    note = StringField("说明", validators=[Optional(), Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(STEP_LABELS.items())

    @classmethod
    def for_case(cls, case, user):
        """The step form on the case page: the steps the case's state allows, today, done by the
        person entering it (window staff), else by the case's handler."""
        form = cls(row_version=case.row_version)
        form.kind.choices = [(k, STEP_LABELS[k]) for k in allowed_steps(case)]
        form.on.data = local_today()
        form.staff_id.data = user.staff_id or case.handler_staff_id
        return form

    def step_values(self) -> dict:
        """step()'s keyword arguments."""
        return {
            "expected_version": self.row_version.data,
            "outcome": self.outcome.data or None,
            "note": self.note.data or "",
            "staff_id": self.staff_id.data,
        }


class VoidForm(VersionedForm):
    reason = StringField("作废原因", validators=[DataRequired("作废必须填写原因。"), Length(max=500)])


class RosterAddForm(RecordsForm):
    staff_id = SelectField("工作人员", coerce=_opt_int, validators=[InputRequired(REQ)])
    year = IntegerField("年度", validators=[InputRequired(REQ), NumberRange(2000, 2100)])
    position = IntegerField("排序（1为窗口负责人）", validators=[Optional(), NumberRange(1, 99)])
    started_on = DateField("到岗日期", validators=[Optional()])

    def validate_staff_id(self, field):
        if not field.errors and not field.data:
            raise ValidationError(REQ)

    def roster_values(self) -> dict:
        """add_to_roster's arguments after the window."""
        return {name: getattr(self, name).data for name in ("staff_id", "year", "position", "started_on")}


class MoveForm(VersionedForm):
    to_window_id = SelectField("调入窗口", coerce=_opt_int, validators=[InputRequired(REQ)])
    on = DateField("调岗日期", validators=[DataRequired(REQ)])
    reason = StringField("调岗原因", validators=[DataRequired("调岗必须填写原因。"), Length(max=200)])

    def target(self):
        """The window moved to, once the form is valid; else None."""
        if not self.validate_on_submit() or not self.to_window_id.data:
            return None
        return db.session.get(Window, self.to_window_id.data)


class ImportForm(FlaskForm):
    kind = SelectField(
        "导入内容",
        choices=[
            ("roster", "窗口人员名单"),
            ("items", "进厅项目及承诺时限"),
            ("cases", "办件"),
            ("attendance", "考勤"),
        ],
    )
    file = FileField("文件（.xlsx 或 .csv）", validators=[FileRequired("请选择文件。")])


def staff_by_window(on=None) -> dict:
    """Staff choices grouped by the window each serves on `on` (today) by the roster, windows in
    number order, <optgroup> per window (issue 14: 60 names without their window); people on no
    window last under 未在窗口."""

    on = on or local_today()
    staff = list(db.session.scalars(select(Staff).where(Staff.voided_at.is_(None)).order_by(Staff.name)))
    windows = {w.id: w for w in db.session.scalars(select(Window).where(Window.voided_at.is_(None)))}
    served = {}
    for e in db.session.scalars(
        select(RosterEntry).where(RosterEntry.voided_at.is_(None), RosterEntry.year == on.year).order_by(RosterEntry.id)
    ):
        if (e.started_on is None or e.started_on <= on) and (e.ended_on is None or e.ended_on >= on):
            served[e.staff_id] = e.window_id
    groups: dict = {}
    for s in staff:
        groups.setdefault(served.get(s.id), []).append((s.id, s.name))
    order = sorted((w for w in groups if w in windows), key=lambda w: (len(windows[w].number), windows[w].number))
    choices = {None: [(None, "—")]}
    for w in order:
        choices[windows[w].label] = groups[w]
    rest = [c for w, cs in groups.items() if w not in windows for c in cs]
    if rest:
        choices["未在窗口"] = rest
    return choices


def fill_choices(form) -> None:
    """Fill the select fields that name departments, windows, staff and items."""

    def opts(model, label, order, blank="—"):
        rows = db.session.scalars(select(model).where(model.voided_at.is_(None)).order_by(order))
        return [(None, blank)] + [(r.id, label(r)) for r in rows]

    if hasattr(form, "department_id"):
        form.department_id.choices = opts(Department, lambda d: d.name, Department.name)
    for name in ("window_id", "to_window_id"):
        if hasattr(form, name):
            windows = opts(Window, lambda w: w.label, Window.number)
            getattr(form, name).choices = [windows[0]] + sorted(
                windows[1:], key=lambda c: (len(c[1].split("号")[0]), c[1])
            )
    for name in ("staff_id", "handler_staff_id"):
        if hasattr(form, name):
            getattr(form, name).choices = staff_by_window()
    if hasattr(form, "item_id"):
        form.item_id.choices = opts(ServiceItem, lambda i: f"{i.code} {i.name}", ServiceItem.code)
