"""Word in and out: import a .docx as a new draft, export a version as an official-layout .docx
with its controlled-copy line (受控 / 非受控（打印件）)."""

from __future__ import annotations

import io
from datetime import datetime

from ...audit.services import record
from ...auth.permissions import can
from ...centers.queries import current_center_name
from ...core.timeutil import local_now
from ..logic import lifecycle as lc
from ..models import Document, DocumentVersion
from .common import DocumentError, _flush, _require
from .documents import create_draft, status_of_version
from .signatures import check_version


def import_docx(
    user, document: Document, stream, filename: str, change_reason: str = "", major: bool = False
) -> DocumentVersion:
    """Parse the upload and make it the document's new draft; nothing is saved on error."""
    _require(user, "documents.edit")
    parsed = parse_upload(stream, filename)
    reason = (change_reason or "").strip() or f"由 Word 文件《{filename}》导入"
    return create_draft(
        user,
        document,
        major=major,
        content_md=parsed.markdown,
        change_reason=reason,
        action="import",
        details={"filename": filename, "title": parsed.title or ""},
    )


def parse_upload(stream, filename: str):
    """ParsedDocx for an uploaded file, or DocumentError with the Chinese message."""
    from ..docx_io import DocxImportError, parse_docx

    if not (filename or "").lower().endswith(".docx"):
        raise DocumentError("请上传 Word 文档（.docx 格式）。")
    try:
        return parse_docx(stream, filename)
    except DocxImportError as exc:
        raise DocumentError(str(exc)) from exc


def create_from_docx(user, stream, filename: str, **fields) -> Document:
    """A new document whose first draft is the uploaded Word file (title taken from the file
    when none is given). Nothing is saved if the file is refused."""
    from .documents import create_document

    _require(user, "documents.edit")
    parsed = parse_upload(stream, filename)
    fields["title"] = (fields.get("title") or "").strip() or (parsed.title or "").strip()
    doc = create_document(user, content_md=parsed.markdown, **fields)
    record(
        user,
        "import",
        "document_version",
        doc.versions[0].id,
        {"number": doc.number, "revision": doc.versions[0].revision, "filename": filename},
    )
    _flush()
    return doc


def create_document(user, upload: tuple | None, content_md: str = "", **fields) -> Document:
    """A new document: its first draft the uploaded Word file when there is one (`upload`:
    (stream, filename); the typed text is then not used), else the typed Markdown."""
    from .documents import create_document as create_from_text

    if upload is not None:
        return create_from_docx(user, *upload, **fields)
    return create_from_text(user, content_md=content_md, **fields)


def export_filename(version: DocumentVersion, controlled: bool) -> str:
    doc = version.document
    tag = "受控" if controlled else "非受控"
    return f"{doc.number}_{version.revision.replace('/', '')}_{doc.title[:40]}_{tag}.docx"


def export_docx(
    user, version: DocumentVersion, controlled: bool, now: datetime | None = None
) -> tuple[io.BytesIO, str]:
    """A controlled copy is for managers' official issue; everyone else prints an uncontrolled
    copy that names who printed it and when (ISO 9001 7.5.3.2: control of distribution)."""
    from ..docx_io import ExportMeta, render_version_docx

    _require(user, "documents.export")
    if controlled and not can(user, "documents.edit"):
        raise DocumentError("只有文件管理员可以导出受控文本。")
    if version.status in (lc.DRAFT, lc.IN_REVIEW, lc.WITHDRAWN) and not can(user, "documents.view_drafts"):
        raise DocumentError("您无权导出未批准的版本。")
    if version.status != lc.APPROVED and controlled:
        raise DocumentError("只有已批准的版本可以导出受控文本。")
    doc = version.document
    printed_at = now or local_now().replace(tzinfo=None)
    meta = ExportMeta(
        org_name=current_center_name(),
        number=doc.number,
        title=doc.title,
        revision=version.revision,
        status_label=lc.STATUS_LABELS[status_of_version(version)] + " · 电子签名：" + check_version(version).label,
        effective_date=version.effective_date,
        controlled=controlled,
        printed_by=getattr(user, "display_name", "") or getattr(user, "username", ""),
        printed_at=printed_at,
    )
    stream = render_version_docx(meta, version.content_md)
    record(
        user,
        "export",
        "document_version",
        version.id,
        {"number": doc.number, "revision": version.revision, "controlled": controlled},
    )
    _flush()
    return stream, export_filename(version, controlled)
