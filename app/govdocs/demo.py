"""Demo government documents (invented issuers, numbers and wording). Idempotent: a text already
in the library (same content hash) is skipped."""

from datetime import date

import click

from ..auth.models import User
from ..core import demoprofile
from ..extensions import db
from . import services

# (发文机关, 发文字号, 成文日期, 类别, 有效性, 标题, 正文)
DEMO_DOCS = [
    (
        "示范市人民政府办公室",
        "示政办〔2024〕12号",
        date(2024, 3, 8),
        "政务服务",
        "现行有效",
        "关于全面推行首问负责制的通知",
        "各区县人民政府，市政府各部门：\n为提升政务服务质量，现就全面推行首问负责制通知如下。\n"
        "一、第一位接待办事群众的工作人员为首问责任人，应当热情接待、认真解答。\n"
        "二、属于本窗口职责的事项，首问责任人应当当场受理；不属于本窗口职责的，应当引导至相应窗口，不得推诿。\n"
        "三、各单位应当将首问负责制落实情况纳入年度考核。",
    ),
    (
        "示范市人民政府办公室",
        "示政办〔2024〕13号",
        date(2024, 3, 20),
        "政务服务",
        "现行有效",
        "关于落实一次性告知制度的通知",
        "申请材料不齐全或者不符合法定形式的，窗口工作人员应当一次性告知申请人需要补正的全部内容。\n"
        "告知应当采用书面形式，并载明补正材料清单和办理时限。不得要求申请人重复提交已经提交的材料。",
    ),
    (
        "示范市政务服务管理局",
        "示政服发〔2023〕7号",
        date(2023, 11, 2),
        "行政审批",
        "现行有效",
        "行政许可事项限时办结规定",
        "第一条 为规范行政许可办理时限，提高办事效率，制定本规定。\n"
        "第二条 行政许可事项应当在承诺时限内办结，实行限时办结制度。\n"
        "第三条 因特殊情况不能按期办结的，应当经分管负责人批准，并告知申请人延长的理由和期限。",
    ),
    (
        "示范市政务服务管理局",
        "示政服发〔2023〕9号",
        date(2023, 12, 15),
        "行政审批",
        "现行有效",
        "关于推进行政审批容缺受理的意见",
        "对基本条件具备、主要申请材料齐全，次要材料有欠缺的事项，可以先行受理，申请人作出书面承诺后在规定期限内补齐。\n"
        "容缺受理不适用于涉及公共安全、生态环境保护和人身健康的行政许可事项。",
    ),
    (
        "示范市人民政府",
        "示政发〔2022〕30号",
        date(2022, 6, 1),
        "政务公开",
        "已修改",
        "示范市政务公开工作规定",
        "行政机关应当主动公开机构职能、办事指南、收费依据和标准。\n"
        "公开的信息应当准确、及时，涉及国家秘密、商业秘密和个人隐私的除外。",
    ),
    (
        "示范市人民政府",
        "示政发〔2019〕5号",
        date(2019, 2, 18),
        "政务公开",
        "已废止",
        "示范市政府信息公开暂行办法",
        "本办法自发布之日起施行。政府信息公开工作由市政府办公室统一指导。\n依申请公开的，应当在十五个工作日内答复。",
    ),
    (
        "示范市市场监督管理局",
        "示市监发〔2024〕3号",
        date(2024, 1, 10),
        "市场准入",
        "现行有效",
        "企业开办全程网办工作指引",
        "企业开办实行一网通办，营业执照、公章刻制、发票申领和社保登记一次提交、并联办理。\n"
        "企业开办时间压缩至一个工作日以内。窗口设立帮办代办服务。",
    ),
    (
        "示范市政务服务管理局",
        "示政服〔2025〕2号",
        date(2025, 2, 26),
        "窗口管理",
        "现行有效",
        "窗口工作人员服务规范",
        "窗口工作人员应当按时到岗，佩戴工作牌，使用文明用语。\n"
        "服务中应当做到首问负责、一次性告知、限时办结，接受办事群众评价。\n"
        "工作时间不得擅自离岗，不得使用手机处理与工作无关的事务。",
    ),
    (
        "示范市政务服务管理局",
        "示政服〔2025〕6号",
        date(2025, 5, 9),
        "窗口管理",
        "尚未生效",
        "好差评工作实施细则",
        "办事群众可以通过评价器、网站和移动端对服务进行评价。差评应当在三个工作日内核实整改并回访。",
    ),
    (
        "示范市人民政府办公室",
        "示政办〔2025〕21号",
        date(2025, 9, 1),
        "政务服务",
        "现行有效",
        "关于做好质量管理体系ISO9001认证工作的通知",
        "行政服务中心应当按照ISO9001:2015标准建立质量管理体系，编制质量手册和程序文件，定期开展内部审核和管理评审。",
    ),
]


def load() -> None:
    admin = db.session.scalar(db.select(User).filter_by(username=demoprofile.login("admin")))
    if admin is None:
        click.echo("govdocs demo: no admin account, skipped")
        return
    added = 0
    for issuer, number, issued, category, validity, title, body in DEMO_DOCS:
        data = f"# {title}\n\n{body}\n".encode("utf-8")
        meta = services.Meta(
            title=title, issuer=issuer, doc_number=number, issued_on=issued, category=category, validity=validity
        )
        try:
            services.upload(admin, data, f"{title}.md", meta)
            db.session.commit()
            added += 1
        except services.GovDocError:
            db.session.rollback()
    click.echo(f"govdocs demo: {added} government documents added")
