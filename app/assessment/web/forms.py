from flask import request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from ..logic import scheme_form
from ..logic import schemes as sch


class OpenMonthForm(FlaskForm):
    year = IntegerField("年份", validators=[InputRequired("请填写年份。"), NumberRange(2000, 2100, "年份无效。")])
    month = SelectField("月份", coerce=int, choices=[(m, f"{m}月") for m in range(1, 13)])


class EntryForm(FlaskForm):
    row_version = HiddenField()
    item_code = SelectField("考核项目", validators=[DataRequired("请选择考核项目。")], choices=[])
    count = DecimalField(
        "次数/件数",
        default=1,
        places=None,
        validators=[InputRequired("请填写次数。"), NumberRange(0.5, 999, "次数应在 0.5 到 999 之间。")],
    )
    points = DecimalField(
        "每次分值（区间项目填写）",
        places=None,
        validators=[Optional()],
        description="只对“2～5 分”这类区间项目填写；其余项目按方案分值计。",
    )
    occurred_on = DateField("发生日期", validators=[Optional()])
    staff_id = SelectField("涉及人员", coerce=str, choices=[], validators=[Optional()])
    article = StringField(
        "依据条款",
        validators=[Length(max=60)],
        render_kw={"list": "article-choices", "autocomplete": "off"},
        description="输入条号或文字从当日施行的制度条款中选择（如 SF-ZD-017 第十条）；留空则用方案中该项目的条款。",
    )
    note = TextAreaField(
        "事实依据", validators=[DataRequired("请填写事实依据（时间、人员、经过）。"), Length(max=2000)]
    )
    attachment = FileField("证据附件（PDF、图片、Word、Excel，≤ 10 MB）")

    def entry(self, staff_names: dict[str, str]) -> dict:
        """The entry as typed, as sheets.add_entry's keywords (`staff_names`: staff id → name)."""
        staff = self.staff_id.data or ""
        return {
            "item_code": self.item_code.data,
            "count": float(self.count.data),
            "points": float(self.points.data) if self.points.data is not None else None,
            "occurred_on": self.occurred_on.data,
            "note": self.note.data,
            "article": self.article.data,
            "staff_id": int(staff) if staff else None,
            "staff_name": staff_names.get(staff, ""),
            "upload": request.files.get("attachment"),
        }


class ReasonForm(FlaskForm):
    row_version = HiddenField()
    reason = TextAreaField("理由", validators=[DataRequired("请填写理由。"), Length(max=2000)])


class LockForm(FlaskForm):
    row_version = HiddenField()
    password = PasswordField("签名密码（重新输入本人登录密码）", validators=[DataRequired("请输入密码以签名。")])


class AppealForm(FlaskForm):
    entry_id = SelectField("申诉的记录", coerce=str, choices=[], validators=[Optional()])
    reasons = TextAreaField(
        "申诉事项和理由",
        validators=[DataRequired("请写明申诉事项和理由。"), Length(min=5, max=4000, message="申诉理由至少 5 个字。")],
    )


class DecideAppealForm(FlaskForm):
    row_version = HiddenField()
    outcome = SelectField(
        "复核结论", choices=[("dismissed", "维持原评"), ("upheld", "申诉成立（作废所申诉的记录并重新计分）")]
    )
    decision = TextAreaField("复核意见", validators=[DataRequired("请填写复核意见。"), Length(max=4000)])


class SchemeForm(FlaskForm):
    """A draft's scheme: its numbers in the page's fields, or (mode "json") the whole scheme as JSON."""

    row_version = HiddenField()
    scheme_json = TextAreaField("考核方案（JSON）", validators=[DataRequired("考核方案不能为空。")])

    def load(self, scheme: sch.Scheme, saved) -> None:
        """A GET: the scheme as JSON and the version it was loaded with ("" while the draft has none)."""
        self.scheme_json.data = sch.to_json(scheme)
        self.row_version.data = saved.row_version if saved else ""

    def posted_text(self, base: sch.Scheme) -> str:
        """The posted scheme as JSON: the JSON field, or the page's numbers applied to `base`."""
        formdata = request.form
        if formdata.get("mode") == "json":
            if not self.validate_on_submit():
                raise sch.SchemeError("考核方案不能为空。")
            return self.scheme_json.data
        return sch.to_json(scheme_form.apply(base, formdata.to_dict()))

    @staticmethod
    def shown_values(base: sch.Scheme, formdata=None) -> dict[str, str]:
        """The numbers the page shows: those typed (a refused POST of the fields), else the scheme's."""
        if formdata is None or formdata.get("mode") == "json":
            return scheme_form.values_of(base)
        return formdata.to_dict()


class CycleForm(FlaskForm):
    kind = SelectField("评选周期", choices=[("month", "月度"), ("quarter", "季度")])
    year = IntegerField("年份", validators=[InputRequired("请填写年份。"), NumberRange(2000, 2100, "年份无效。")])
    number = IntegerField(
        "月份或季度", validators=[InputRequired("请填写月份或季度。"), NumberRange(1, 12, "月份 1–12，季度 1–4。")]
    )


class NominateForm(FlaskForm):
    staff_id = SelectField("被提名人", coerce=int, choices=[])
    reason = TextAreaField("推荐理由", validators=[DataRequired("请填写推荐理由。"), Length(max=2000)])


class ScoresForm(FlaskForm):
    row_version = HiddenField()
    leader_score = DecimalField(
        "领导评价分（0–100）", places=None, validators=[InputRequired("请填写领导评价分。"), NumberRange(0, 100)]
    )
    public_score = DecimalField("群众评价分（0–100）", places=None, validators=[Optional(), NumberRange(0, 100)])


class CycleAppealForm(FlaskForm):
    nomination_id = SelectField("申诉的人员", coerce=str, choices=[], validators=[Optional()])
    reasons = TextAreaField(
        "申诉事项和理由",
        validators=[DataRequired("请写明申诉事项和理由。"), Length(min=5, max=4000, message="申诉理由至少 5 个字。")],
    )


class CycleDecideForm(DecideAppealForm):
    outcome = SelectField(
        "复核结论",
        choices=[("dismissed", "维持原评"), ("upheld", "申诉成立（所申诉的当选人员取消资格，名额依次递补）")],
    )
