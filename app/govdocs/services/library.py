"""Use cases of the government-document library: upload (with metadata), withdraw, folder import.
Each takes the acting user, checks the permission, writes the audit trail and flushes; the
request commits once (a CLI command or the demo loader commits for itself)."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass, field
from datetime import date

from flask import current_app

from ... import kernel
from ...audit.services import record
from ...auth.permissions import can
from ...core.timeutil import utcnow
from ...extensions import db
from ..logic.extract import (
    ALLOWED,
    ExtractError,
    extension,
    extract,
    first_date,
    macro_parts,
    meta_from_name,
    strip_macros,
)
from ..models import VALIDITY_CHOICES, GovDocument

TITLE_MAX = 300  # GovDocument.title


class GovDocError(Exception):
    """A refused upload; str(exc) is shown to the user. `existing` is set for duplicates."""

    def __init__(self, message: str, existing: GovDocument | None = None):
        super().__init__(message)
        self.existing = existing


@dataclass
class Meta:
    title: str = ""
    issuer: str = ""
    doc_number: str = ""
    issued_on: date | None = None
    category: str = ""
    validity: str = "现行有效"


def find_duplicate(sha256: str) -> GovDocument | None:
    return db.session.scalar(db.select(GovDocument).filter_by(sha256=sha256))


def _store(data: bytes, filename: str) -> str:
    folder = os.path.join(current_app.config["UPLOAD_DIR"], "govdocs")
    os.makedirs(folder, exist_ok=True)
    name = f"{uuid.uuid4().hex}{extension(filename)}"
    with open(os.path.join(folder, name), "wb") as fh:
        fh.write(data)
    return name


def file_path(doc: GovDocument) -> str:
    return os.path.join(current_app.config["UPLOAD_DIR"], "govdocs", doc.stored_name)


def stored_file(doc: GovDocument) -> tuple[bytes | str, str] | None:
    """The original file as it may be served, with its name: the stored file's path, or for a .docx
    stored before macros were refused its bytes without them; None when no file is stored."""
    path = file_path(doc)
    if not doc.stored_name or not os.path.exists(path):
        return None
    name = doc.original_name or os.path.basename(path)
    if path.lower().endswith(".docx"):
        with open(path, "rb") as fh:
            data = fh.read()
        if macro_parts(data):
            return strip_macros(data), name
    return path, name


def upload(user, data: bytes, filename: str, meta: Meta, audit: bool = True) -> GovDocument:
    """Extract the text, refuse duplicates, keep the file, save the record. Nothing is saved
    when anything fails."""
    if user is None or not can(user, "govdocs.upload"):
        raise GovDocError("您没有上传政府文件的权限。")
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 20 * 1024 * 1024
    if extension(filename) == ".docx" and macro_parts(data):
        raise GovDocError(
            "该 Word 文件含有宏（VBA 代码或 ActiveX 控件），为防止宏病毒，不予入库。"
            "请在 Word 中“另存为”普通 .docx（不含宏）后再上传。"
        )
    try:
        got = extract(data, filename, max_bytes=limit)
    except ExtractError as exc:
        raise GovDocError(str(exc)) from None
    sha = hashlib.sha256(data).hexdigest()
    existing = find_duplicate(sha)
    if existing is not None:
        if existing.voided_at is not None:
            raise GovDocError(
                f"该文件曾上传，后已撤下：《{existing.title}》（撤下原因：{existing.void_reason}）。", existing=existing
            )
        raise GovDocError(f"该文件已在库中：《{existing.title}》。", existing=existing)
    title = (meta.title or got.title or meta_from_name(filename)[0]).strip()
    if len(title) > TITLE_MAX:
        raise GovDocError(
            f"文件标题有 {len(title)} 字，超过 {TITLE_MAX} 字的上限（标题不会被截断）。"
            "请在“标题”栏填写不超过 300 字的标题后再上传。"
        )
    if meta.validity and meta.validity not in VALIDITY_CHOICES:
        raise GovDocError("有效性取值不正确。")
    doc = GovDocument(
        title=title,
        issuer=meta.issuer.strip(),
        doc_number=meta.doc_number.strip(),
        issued_on=meta.issued_on or got.issued_on,
        category=meta.category.strip(),
        validity=meta.validity or "现行有效",
        text=got.text,
        original_name=os.path.basename(filename)[:255],
        file_size=len(data),
        sha256=sha,
        uploaded_by_id=getattr(user, "id", None),
    )
    stored = _store(data, filename)
    doc.stored_name = stored
    db.session.add(doc)
    try:
        db.session.flush()
        if audit:
            record(user, "import", "govdoc", doc.id, {"title": doc.title, "sha256": sha})
        db.session.flush()
    except Exception:
        db.session.rollback()
        try:
            os.remove(os.path.join(current_app.config["UPLOAD_DIR"], "govdocs", stored))
        except OSError:
            pass
        raise
    return doc


def withdraw(user, doc: GovDocument, reason: str, row_version) -> GovDocument:
    """Take a document out of the library (kept, never deleted; leaves the search index)."""
    if user is None or not can(user, "govdocs.upload"):
        raise GovDocError("您没有此操作的权限。")
    if not (reason or "").strip():
        raise GovDocError("请填写撤下的原因。")
    kernel.check_version(doc, row_version)  # a form without the version it was loaded with is refused too
    doc.voided_at = utcnow()
    doc.void_reason = reason.strip()
    record(user, "withdraw", "govdoc", doc.id, {"reason": doc.void_reason})
    db.session.flush()
    return doc


@dataclass
class ImportSummary:
    imported: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # duplicates, other types
    refused: list[tuple[str, str]] = field(default_factory=list)  # unreadable files


def files_in(folder: str) -> list[str]:
    out = []
    for root, _dirs, names in os.walk(folder):
        for name in sorted(names):
            out.append(os.path.join(root, name))
    return sorted(out)


def import_file(user, path: str, root: str) -> tuple[str, str]:
    """('imported' | 'skipped' | 'refused', message) for one file of a folder import. Title and
    date come from the file (`# 标题` line, 标题(YYYY-MM-DD).md, first 某年某月某日), 类别 from
    the folder the file sits in."""
    if extension(path) not in ALLOWED:
        return "skipped", "不支持的文件类型"
    with open(path, "rb") as fh:
        data = fh.read()
    name_title, name_date = meta_from_name(path)
    rel = os.path.relpath(os.path.dirname(path), root)
    category = "" if rel == "." else rel.split(os.sep)[-1]
    issued = name_date
    if issued is None:
        try:
            issued = first_date(data[:4000].decode("utf-8", "ignore"))
        except Exception:
            issued = None
    meta = Meta(title="", category=category, issued_on=issued)
    try:
        doc = upload(user, data, path, meta, audit=False)
    except GovDocError as exc:
        return ("skipped" if exc.existing is not None else "refused"), str(exc)
    if not doc.title:
        doc.title = name_title
    return "imported", doc.title
