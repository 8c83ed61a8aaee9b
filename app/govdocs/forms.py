from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .models import VALIDITY_CHOICES


class UploadForm(FlaskForm):
    file = FileField("文件（.docx / .pdf / .txt / .md）")
    title = StringField("标题", validators=[Length(max=300)], description="留空时取文件中的标题或文件名。")
    issuer = StringField("发文机关", validators=[Length(max=120)])
    doc_number = StringField("发文字号", validators=[Length(max=80)], description="如：示政办〔2024〕12号")
    issued_on = DateField("成文日期", validators=[Optional()], format="%Y-%m-%d")
    category = StringField("类别", validators=[Length(max=60)], description="如：行政审批、政务公开")
    validity = SelectField("有效性", choices=[(v, v) for v in VALIDITY_CHOICES], default="现行有效")

    def chosen_file(self):
        """The uploaded file, or None with the field's error when none was chosen (after validation:
        validating resets a field's errors)."""
        storage = self.file.data
        if not storage or not getattr(storage, "filename", ""):
            self.file.errors.append("请选择要上传的文件。")
            return None
        return storage

    def meta_fields(self) -> dict:
        """The catalogue fields as typed (services.Meta's keywords)."""
        text = {name: getattr(self, name).data or "" for name in ("title", "issuer", "doc_number", "category")}
        return {**text, "issued_on": self.issued_on.data, "validity": self.validity.data}


class WithdrawForm(FlaskForm):
    reason = TextAreaField("撤下原因", validators=[DataRequired("请填写撤下的原因。"), Length(max=500)])
    row_version = HiddenField()
