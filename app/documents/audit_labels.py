"""The words the audit trail page shows for the controlled documents entries of this room
(registered with app/audit/labels.py by wiring.py; the stored entries keep their codes)."""

from ..audit.labels import int_ids, register
from ..extensions import db
from .models import KIND_LABELS, Document, DocumentVersion

OBJECTS = {
    "document": "文件",
    "document_version": "文件版本",
    "document_kind_setting": "文件类别设置",
}
ACTIONS = {
    "submit": "提交审核",
    "sign": "签名",
    "reject": "驳回",
    "approve": "批准",
    "effect": "生效",
    "repeal": "废止",
    "acknowledge": "签阅",
    "sign_refused": "签名被拒",
    "review": "定期评审",
    "attach_variant": "添加下发制度的本地规定",
    "redraft_local_version": "按上级新版本起草本地版本",
}
# Keys of the details these entries store.
FIELDS = {
    "number": "编号",
    "variant_kind": "本地规定类型",
    "upstream": "上级制度",
    "upstream_center": "制定中心",
    "upstream_revision": "上级版本",
    "title": "名称",
    "revision": "版本",
    "effective_date": "生效日期",
    "sha256": "内容哈希",
    "reason": "原因",
    "comment": "意见",
    "meaning": "签名含义",
    "conclusion": "结论",
    "note": "说明",
    "reviewed_on": "评审日期",
    "review_id": "评审记录",
    "source": "来源",
    "kind": "类别",
    "controlled": "受控",
    "on": "日期",
    "replaced_by": "替代文件",
    "category": "分类",
    "owner_office": "归口科室",
    "review_interval_months": "评审周期（月）",
    "distribution": "分发范围",
    "iso_clause": "ISO 9001 条款",
    "reviewers": "审核人",
    "approver": "批准人",
    "number_pattern": "编号规则",
    "count": "次数",
    "new": "新增",
    "status": "状态",
    "username": "用户名",
    "role": "角色",
    "step": "步骤",
    "code": "编码",
    "name": "名称",
    "rows": "行数",
    "day": "日期",
}


def describe_documents(ids) -> dict:
    rows = db.session.execute(
        db.select(Document.id, Document.number, Document.title).where(Document.id.in_(int_ids(ids)))
    )
    return {str(i): f"{number}《{title}》" for i, number, title in rows}


def describe_versions(ids) -> dict:
    rows = db.session.execute(
        db.select(DocumentVersion.id, Document.number, DocumentVersion.revision, Document.title)
        .join(Document, DocumentVersion.document_id == Document.id)
        .where(DocumentVersion.id.in_(int_ids(ids)))
    )
    return {str(i): f"{number} {revision}《{title}》" for i, number, revision, title in rows}


DESCRIBE = {"document": describe_documents, "document_version": describe_versions}


def register_labels() -> None:
    for object_type, label in OBJECTS.items():
        register(
            object_type,
            label,
            actions=ACTIONS,
            fields=FIELDS,
            values={"kind": KIND_LABELS},
            describe=DESCRIBE.get(object_type),
        )
