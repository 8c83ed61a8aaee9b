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


class WithdrawForm(FlaskForm):
    reason = TextAreaField("撤下原因", validators=[DataRequired("请填写撤下的原因。"), Length(max=500)])
    row_version = HiddenField()
