from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..auth.roles import ROLE_LABELS
from .logic import lifecycle as lc
from .models import KIND_LABELS


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DocumentForm(FlaskForm):
    kind = SelectField("文件类别", choices=list(KIND_LABELS.items()))
    title = StringField("文件名称", validators=[Length(max=200)], description="从 Word 导入时可留空，取文件标题。")
    category = StringField("分类", validators=[Length(max=60)], description="如：考核评比、窗口管理、综合管理")
    owner_office = StringField("归口科室", validators=[Length(max=60)])
    review_interval_months = IntegerField(
        "评审周期（月）",
        default=12,
        validators=[InputRequired("请填写评审周期。"), NumberRange(1, 120, "评审周期应在 1–120 个月之间。")],
    )
    iso_clause = StringField("对应 ISO 9001 条款", validators=[Length(max=40)], description="程序文件填写，如 7.5")
    distribution_roles = MultiCheckboxField("分发范围（不选为全体人员）", choices=list(ROLE_LABELS.items()))
    content_md = TextAreaField("正文（Markdown）", description="章用“## 第一章 总则”，条用“第一条　……”开头。")
    change_reason = StringField("修订原因", default="首次发布", validators=[Length(max=500)])
    file = FileField("或从 Word 文件导入正文（.docx，可选）")


class PropertiesForm(FlaskForm):
    title = StringField("文件名称", validators=[DataRequired("请填写文件名称。"), Length(max=200)])
    category = StringField("分类", validators=[Length(max=60)])
    owner_office = StringField("归口科室", validators=[Length(max=60)])
    review_interval_months = IntegerField(
        "评审周期（月）",
        validators=[InputRequired("请填写评审周期。"), NumberRange(1, 120, "评审周期应在 1–120 个月之间。")],
    )
    iso_clause = StringField("对应 ISO 9001 条款", validators=[Length(max=40)])
    distribution_roles = MultiCheckboxField("分发范围（不选为全体人员）", choices=list(ROLE_LABELS.items()))
    row_version = HiddenField()


class DraftForm(FlaskForm):
    content_md = TextAreaField("正文（Markdown）")
    change_reason = StringField("修订原因", validators=[DataRequired("请填写修订原因。"), Length(max=500)])
    row_version = HiddenField()


class NewDraftForm(FlaskForm):
    major = BooleanField("大版本修订（换版，如 A/3 → B/0）")
    change_reason = StringField("修订原因", validators=[DataRequired("请填写修订原因。"), Length(max=500)])


class SignForm(FlaskForm):
    meaning = SelectField("签名含义", choices=[(m, m) for m in lc.MEANINGS])
    comment = TextAreaField("意见", description="驳回时必须填写。")
    effective_date = DateField("生效日期（批准时）", validators=[Optional()], description="可为将来日期；不填为今天。")
    password = PasswordField("登录密码（电子签名确认）", validators=[DataRequired("请输入密码以确认签名。")])


class ReasonForm(FlaskForm):
    reason = TextAreaField("原因", validators=[DataRequired("请填写原因。"), Length(max=1000)])


class RepealForm(FlaskForm):
    reason = TextAreaField("废止原因", validators=[DataRequired("请填写废止原因。"), Length(max=1000)])
    replaced_by = StringField("替代文件编号（可选）", validators=[Length(max=40)])
    on_date = DateField("废止日期", validators=[DataRequired("请选择废止日期。")])


class ImportForm(FlaskForm):
    file = FileField("Word 文件（.docx）")
    major = BooleanField("大版本修订（换版）")
    change_reason = StringField("修订原因", validators=[Length(max=500)])


class KindSettingForm(FlaskForm):
    kind = HiddenField()
    number_pattern = StringField("编号规则", validators=[DataRequired("请填写编号规则。"), Length(max=60)])
    reviewers = MultiCheckboxField("审核人（可多选）", coerce=int, choices=[])
    approver = SelectField("批准人", coerce=int, choices=[])


class ChineseDateField(DateField):
    """A date field whose parse error is in Chinese."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError("日期格式不正确，应为 2026-01-05 这样的形式。") from exc


class ReviewForm(FlaskForm):
    reviewed_on = ChineseDateField("评审日期", validators=[InputRequired("请填写评审日期。")])
    # The service checks the conclusion (with a Chinese message), so no choice validation here.
    conclusion = SelectField("评审结论", choices=[(c, c) for c in lc.REVIEW_CONCLUSIONS], validate_choice=False)
    note = TextAreaField(
        "说明",
        validators=[Length(max=1000, message="说明不能超过 1000 字。")],
        description="结论为“需修订”或“建议废止”时必填：写明理由和需要修改的内容。",
    )


class VariantForm(FlaskForm):
    """A 补充规定 or 本地版本 of a rule handed down from a center above (issue 13 item 2)."""

    kind = SelectField("类型", choices=[("supplement", "补充规定"), ("local_version", "本地版本")])
    title = StringField("文件名称（可留空）", validators=[Length(max=200)])
    content_md = TextAreaField(
        "正文（Markdown）",
        description="补充规定：只写本中心补充的条款；本地版本：留空则以上级现行文本为底稿。",
    )
    change_reason = StringField("修订原因", validators=[Length(max=500)])

    @classmethod
    def from_request(cls, request):
        """The form; on a GET, the type named in the query string (?kind=supplement) preselected."""
        form = cls()
        if request.method == "GET" and request.args.get("kind") in dict(form.kind.choices):
            form.kind.data = request.args["kind"]
        return form

    def fields(self) -> dict:
        """The service's arguments (an empty text: a local version starts from the upstream text)."""
        text = self.content_md.data or ""
        return {
            "variant_kind": self.kind.data,
            "title": self.title.data,
            "content_md": text if text.strip() else None,
            "change_reason": self.change_reason.data,
        }
