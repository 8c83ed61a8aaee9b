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
from . import queries
from .logic import lifecycle as lc
from .models import KIND_LABELS


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _chosen_file(field):
    """The uploaded file of a FileField, or None when none was chosen."""
    upload = field.data
    return upload if upload is not None and getattr(upload, "filename", "") else None


def _version(field) -> int | None:
    """The row_version a form was loaded with (None when missing: the service refuses that)."""
    return int(field.data) if (field.data or "").isdigit() else None


def _distribution(field) -> str:
    return ",".join(field.data or []) or "all"


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

    def validate(self, extra_validators=None) -> bool:
        """A name is needed unless a Word file is given (its title is taken then)."""
        if not super().validate(extra_validators):
            return False
        if not (self.title.data or "").strip() and self.upload() is None:
            self.title.errors = ["请填写文件名称。"]
            return False
        return True

    def upload(self) -> tuple | None:
        """(stream, filename) of the chosen Word file, or None."""
        chosen = _chosen_file(self.file)
        return (chosen.stream, chosen.filename) if chosen is not None else None

    def fields(self) -> dict:
        """The new document as typed (transfer.create_document's keywords)."""
        return dict(
            kind=self.kind.data,
            title=self.title.data,
            category=self.category.data,
            owner_office=self.owner_office.data,
            review_interval_months=self.review_interval_months.data,
            distribution=_distribution(self.distribution_roles),
            change_reason=self.change_reason.data or "首次发布",
            iso_clause=self.iso_clause.data,
            content_md=self.content_md.data or "",
        )


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

    @classmethod
    def from_request(cls, request, doc):
        """On a GET the document's entry as stored; on a POST what was typed (only)."""
        if request.method != "GET":
            return cls()
        form = cls(obj=doc)
        form.distribution_roles.data = sorted(lc.parse_distribution(doc.distribution) or [])
        return form

    def fields(self) -> dict:
        """services.update_document's keywords."""
        return dict(
            row_version=_version(self.row_version),
            title=self.title.data,
            category=self.category.data,
            owner_office=self.owner_office.data,
            review_interval_months=self.review_interval_months.data,
            distribution=_distribution(self.distribution_roles),
            iso_clause=self.iso_clause.data,
        )


class DraftForm(FlaskForm):
    content_md = TextAreaField("正文（Markdown）")
    change_reason = StringField("修订原因", validators=[DataRequired("请填写修订原因。"), Length(max=500)])
    row_version = HiddenField()

    @classmethod
    def from_request(cls, request, version):
        """On a GET the draft as stored; on a POST what was typed."""
        return cls(obj=version if request.method == "GET" else None)

    def fields(self) -> dict:
        """services.update_draft's keywords."""
        return dict(
            content_md=self.content_md.data,
            change_reason=self.change_reason.data,
            row_version=_version(self.row_version),
        )


class NewDraftForm(FlaskForm):
    major = BooleanField("大版本修订（换版，如 A/3 → B/0）")
    change_reason = StringField("修订原因", validators=[DataRequired("请填写修订原因。"), Length(max=500)])


class SignForm(FlaskForm):
    meaning = SelectField("签名含义", choices=[(m, m) for m in lc.MEANINGS])
    comment = TextAreaField("意见", description="驳回时必须填写。")
    effective_date = DateField("生效日期（批准时）", validators=[Optional()], description="可为将来日期；不填为今天。")
    password = PasswordField("登录密码（电子签名确认）", validators=[DataRequired("请输入密码以确认签名。")])

    def __init__(self, *args, steps=(), **kwargs):
        """`steps`: what the signer may sign now (services.signer_steps); a reviewer only passes or
        rejects, an approver only approves or rejects."""
        super().__init__(*args, **kwargs)
        meaning = (
            {"reviewer": lc.MEANING_REVIEWED, "approver": lc.MEANING_APPROVED}.get(steps[0])
            if len(steps) == 1
            else None
        )
        if meaning is not None:
            self.meaning.choices = [(meaning, meaning), (lc.MEANING_REJECTED, lc.MEANING_REJECTED)]

    def fields(self) -> dict:
        """services.sign's keywords."""
        return dict(
            password=self.password.data,
            meaning=self.meaning.data,
            comment=self.comment.data,
            effective_date=self.effective_date.data,
        )


class ReasonForm(FlaskForm):
    reason = TextAreaField("原因", validators=[DataRequired("请填写原因。"), Length(max=1000)])


class RepealForm(FlaskForm):
    reason = TextAreaField("废止原因", validators=[DataRequired("请填写废止原因。"), Length(max=1000)])
    replaced_by = StringField("替代文件编号（可选）", validators=[Length(max=40)])
    on_date = DateField("废止日期", validators=[DataRequired("请选择废止日期。")])

    replacement = None  # the document named by replaced_by, found by validate()

    @classmethod
    def from_request(cls, request, today):
        """On a GET the repeal dated today."""
        form = cls()
        if request.method == "GET":
            form.on_date.data = today
        return form

    def validate(self, extra_validators=None) -> bool:
        """The replacing document, when a number is given, must exist."""
        if not super().validate(extra_validators):
            return False
        number = (self.replaced_by.data or "").strip()
        self.replacement = queries.document_by_number(number) if number else None
        if number and self.replacement is None:
            self.replaced_by.errors.append(f"找不到编号为 {number} 的文件。")
            return False
        return True

    def fields(self) -> dict:
        """services.repeal's keywords."""
        return dict(reason=self.reason.data, replaced_by=self.replacement, on_date=self.on_date.data)


class ImportForm(FlaskForm):
    file = FileField("Word 文件（.docx）")
    major = BooleanField("大版本修订（换版）")
    change_reason = StringField("修订原因", validators=[Length(max=500)])

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if _chosen_file(self.file) is None:
            self.file.errors = ["请选择要导入的 Word 文件。"]
            return False
        return True

    def fields(self) -> dict:
        """transfer.import_docx's keywords."""
        upload = self.file.data
        return dict(
            stream=upload.stream, filename=upload.filename, change_reason=self.change_reason.data, major=self.major.data
        )


class KindSettingForm(FlaskForm):
    kind = HiddenField()
    number_pattern = StringField("编号规则", validators=[DataRequired("请填写编号规则。"), Length(max=60)])
    reviewers = MultiCheckboxField("审核人（可多选）", coerce=int, choices=[])
    approver = SelectField("批准人", coerce=int, choices=[])

    @classmethod
    def every_kind(cls, request) -> dict:
        """{kind: form} for every kind of document: the posted kind's as typed, the others' as
        stored (reading only: a GET creates no rows); the signers to choose from, the users who may sign."""
        choices = [(u.id, f"{u.display_name}（{u.username}）") for u in queries.possible_signers()]
        posted = request.form.get("kind") if request.method == "POST" else None
        forms = {}
        for kind in KIND_LABELS:
            setting = queries.setting_of_kind(kind)
            form = cls(prefix=kind, formdata=request.form if kind == posted else None)
            if kind != posted:
                form.kind.data = kind
                form.number_pattern.data = setting.number_pattern
                form.reviewers.data = setting.reviewer_id_list
                form.approver.data = setting.approver_id or 0
            form.reviewers.choices = choices
            form.approver.choices = [(0, "（未指定）")] + choices
            forms[kind] = form
        return forms

    def fields(self) -> dict:
        """services.update_kind_setting's keywords."""
        return dict(
            number_pattern=self.number_pattern.data,
            reviewer_ids=self.reviewers.data or [],
            approver_id=self.approver.data or None,
        )


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

    @classmethod
    def from_request(cls, request, today):
        """On a GET the review dated today."""
        form = cls()
        if request.method == "GET":
            form.reviewed_on.data = today
        return form

    @classmethod
    def blank(cls, today):
        """The form shown on the document's page (it posts to the review page), dated today."""
        form = cls(formdata=None)
        form.reviewed_on.data = today
        return form

    def fields(self) -> dict:
        """review.record_review's keywords."""
        return dict(reviewed_on=self.reviewed_on.data, conclusion=self.conclusion.data, note=self.note.data)


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
