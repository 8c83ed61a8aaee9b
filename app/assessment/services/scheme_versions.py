"""Scheme versions: giving a version of rule SF-ZD-017 its scheme, and editing the scheme of a
draft (it then goes through the documents core's draft → review → approval flow)."""

from __future__ import annotations

from ...audit.services import record
from ...auth.permissions import centers_handing_down_to
from ...centers.context import current_center_id
from ...documents.models import DRAFT, DocumentVersion
from ...extensions import db
from ..logic import schemes as sch
from ..models import SCHEME_OWN, SCHEME_PARENT, SCHEME_SOURCE_LABELS, AssessmentSetting, SchemeVersion
from ..queries.scheme_versions import for_document_version, setting
from .common import AssessmentError, StaleEdit, check_version, flush, require


def attach(user, document_version: DocumentVersion, scheme: sch.Scheme, audit: bool = True) -> SchemeVersion:
    """Give a version of SF-ZD-017 its scheme (the demo and the edit page use this). Only a
    draft may get a new or changed scheme; released versions keep theirs."""
    if document_version.document.number != sch.RULE_NUMBER:
        raise AssessmentError(f"考核方案只能挂在 {sch.RULE_NUMBER} 的版本上。")
    existing = for_document_version(document_version.id)
    if existing is not None:
        return existing
    scheme.validate()
    sv = SchemeVersion(
        document_version_id=document_version.id,
        scheme_json=sch.to_json(scheme),
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(sv)
    db.session.flush()
    if audit:
        record(
            user,
            "create",
            "assessment_scheme",
            sv.id,
            {"document_version": document_version.id, "revision": document_version.revision},
        )
    return sv


def save_draft_scheme(user, dv: DocumentVersion, scheme_text: str, row_version: int | None) -> SchemeVersion:
    """Save the scheme of a draft of SF-ZD-017. Refused when the version is no longer a draft or
    someone saved the scheme since the form was loaded."""
    require(user, "assessment.scheme_edit")
    if dv.document.number != sch.RULE_NUMBER:
        raise AssessmentError(f"考核方案只能挂在 {sch.RULE_NUMBER} 的版本上。")
    if dv.status != DRAFT:
        raise AssessmentError("只有草稿版本的考核方案可以修改；已提交或已批准的方案已冻结。")
    scheme = sch.from_json(scheme_text)  # SchemeError (an AssessmentError) carries the message
    sv = for_document_version(dv.id)
    if sv is None:
        sv = attach(user, dv, scheme, audit=False)
        action = "create"
    else:
        check_version(sv, row_version)
        sv.scheme_json = sch.to_json(scheme)
        action = "update"
    record(
        user,
        action,
        "assessment_scheme",
        sv.id,
        {"document_version": dv.id, "revision": dv.revision, "name": scheme.name},
    )
    flush()
    return sv


def choose_scheme_source(user, source: str, row_version) -> AssessmentSetting:
    """Whose scheme the center's months are scored by (issue 13 item 2): its own SF-ZD-017 or the
    one in force in the center above. A month already opened keeps the scheme it was opened with."""
    require(user, "assessment.scheme_source")
    if source not in SCHEME_SOURCE_LABELS:
        raise AssessmentError("请选择考核细则的来源。")
    if source == SCHEME_PARENT and not centers_handing_down_to(current_center_id()):
        raise AssessmentError("本中心没有上级中心，只能使用本中心的考核细则。")
    found = setting()
    if found is None:
        if str(row_version if row_version is not None else "").strip() != "0":  # the form saw no setting: "0"
            raise StaleEdit("考核细则来源已被他人修改或表单缺少版本信息，请刷新页面后重试。")
        found = AssessmentSetting(scheme_source=SCHEME_OWN)
        db.session.add(found)
    else:
        check_version(found, row_version)
    before = found.scheme_source
    found.scheme_source = source
    found.updated_by_id = getattr(user, "id", None)
    record(
        user,
        "choose_source",
        "assessment_scheme",
        None,
        {"from": SCHEME_SOURCE_LABELS.get(before, before), "to": SCHEME_SOURCE_LABELS[source]},
    )
    flush()
    return found
