"""Text from uploaded government documents (.docx, .pdf, .txt, .md). Pure: no Flask, no database.
Every failure is an ExtractError with a Chinese message for the person uploading."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date

ALLOWED = (".docx", ".pdf", ".txt", ".md")
MAX_BYTES = 20 * 1024 * 1024


class ExtractError(Exception):
    """The file cannot be used; the message says why, in Chinese."""


@dataclass
class Extracted:
    text: str
    title: str | None = None
    issued_on: date | None = None


def extension(filename: str) -> str:
    name = (filename or "").lower()
    return "." + name.rsplit(".", 1)[1] if "." in name else ""


def extract(data: bytes, filename: str, max_bytes: int = MAX_BYTES) -> Extracted:
    ext = extension(filename)
    if ext not in ALLOWED:
        raise ExtractError(f"不支持的文件类型“{ext or '无扩展名'}”：请上传 .docx、.pdf、.txt 或 .md 文件。")
    if not data:
        raise ExtractError("文件是空的。")
    if len(data) > max_bytes:
        raise ExtractError(f"文件超过 {max_bytes // (1024 * 1024)} MB 的上限。")
    if ext == ".docx":
        text = _docx(data)
        result = Extracted(text=text, title=guess_title(text))
    elif ext == ".pdf":
        result = Extracted(text=_pdf(data))
    else:
        result = _plain(data, filename)
    result.text = _tidy(result.text)
    from app.documents.docx_io import MAX_TEXT_CHARS  # one cap per document for every kind of file

    if len(result.text) > MAX_TEXT_CHARS + MAX_TEXT_CHARS // 10:
        raise ExtractError(
            f"文件正文超过 {MAX_TEXT_CHARS // 10000} 万字（本系统一份文件的上限），已拒绝上传。"
            "请拆分为几份文件后再上传。"
        )
    if len(re.sub(r"\s", "", result.text)) < 2:
        raise ExtractError("文件中没有可读取的文字（可能是扫描件或只有图片）。")
    return result


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# Active content in an Office package: VBA projects (word/vbaProject.bin and its data), ActiveX controls.
_MACRO_PART = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$|(^|/)activeX/|(^|/)_rels/vbaProject\.bin\.rels$", re.I)


def macro_parts(data: bytes) -> list[str]:
    """Names of the parts of a .docx that hold macros or ActiveX controls ([] for anything else)."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return []
    return [n for n in names if _MACRO_PART.search(n) and not n.endswith(".rels")]


def strip_macros(data: bytes) -> bytes:
    """The same package without its macro/ActiveX parts, their content types and relationships, and
    with the macro-enabled main content type turned back into a plain document's."""
    src = zipfile.ZipFile(io.BytesIO(data))
    removed = {n for n in src.namelist() if _MACRO_PART.search(n)}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in removed:
                continue
            raw = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                raw = re.sub(
                    rb"<Override[^>]*PartName=\"/[^\"]*(vbaProject|vbaData|activeX)[^\"]*\"[^>]*/>",
                    b"",
                    raw,
                    flags=re.I,
                )
                raw = raw.replace(
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                )
            elif info.filename.endswith(".rels"):
                raw = re.sub(rb"<Relationship[^>]*(vbaProject|/control|activeX)[^>]*/>", b"", raw, flags=re.I)
            dst.writestr(info, raw)
    return out.getvalue()


def _docx(data: bytes) -> str:
    """The documents core's parser does the hostile-file checks (zip bomb, encryption, DTDs)."""
    from app.documents.docx_io import DocxImportError, parse_docx

    try:
        return parse_docx(io.BytesIO(data), "upload.docx").markdown
    except DocxImportError as exc:
        raise ExtractError(exc.message) from None


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from app.documents.docx_io import MAX_TEXT_CHARS

    if not data.startswith(b"%PDF"):
        raise ExtractError("文件不是有效的 PDF 文档。")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractError("PDF 文件已加密，无法读取。请上传未加密的版本。")
        if len(reader.pages) > 2000:
            raise ExtractError("PDF 页数过多（超过 2000 页）。")
        texts, total = [], 0
        for page in reader.pages:  # stop reading once the text is over the cap
            texts.append(page.extract_text() or "")
            total += len(texts[-1])
            if total > 2 * MAX_TEXT_CHARS:
                break
        return "\n\n".join(texts)
    except ExtractError:
        raise
    except (PdfReadError, Exception):
        raise ExtractError("PDF 文件已损坏，无法读取。") from None


_TITLE_RE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_NAME_DATE_RE = re.compile(r"^(.*?)\s*[（(](\d{4})-(\d{1,2})-(\d{1,2})[)）]\s*$")
_CN_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def _plain(data: bytes, filename: str) -> Extracted:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ExtractError("无法识别文本编码，请另存为 UTF-8 后再上传。")
    if "\x00" in text[:1000]:
        raise ExtractError("文件看起来不是文本文件。")
    title = None
    m = _TITLE_RE.search(text[:2000])
    if m and extension(filename) == ".md":
        title = m.group(1).strip()
    elif extension(filename) == ".txt":
        title = guess_title(text)
    return Extracted(text=text, title=title)


_HEADING_RE = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_NUMBER_RE = re.compile(r"[〔\[［(（]\d{4}[〕\]］)）]\s*\d*\s*号?")


def guess_title(text: str) -> str | None:
    """The title of a .docx or .txt: its first heading, or else its first line when that line
    reads like a title (short, not a sentence, not a 发文字号 or a salutation such as 各窗口单位：)."""
    lines = [ln.strip() for ln in (text or "").replace("\r", "").split("\n")[:40] if ln.strip()]
    for ln in lines:
        m = _HEADING_RE.match(ln)
        if m:
            return m.group(1).replace("**", "").strip() or None
    for ln in lines[:3]:
        ln = ln.replace("**", "").strip()
        if _NUMBER_RE.fullmatch(ln) or _NUMBER_RE.search(ln) and len(ln) < 20:
            continue
        if 2 <= len(ln) <= 60 and ln[-1] not in "。；;：:，,！？!?":
            return ln
        return None
    return None


def meta_from_name(filename: str) -> tuple[str, date | None]:
    """'标题(2023-12-29).md' -> ('标题', date(2023, 12, 29)); without a date -> ('标题', None)."""
    stem = filename.rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    m = _NAME_DATE_RE.match(stem)
    if m:
        try:
            return m.group(1).strip(), date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            return m.group(1).strip(), None
    return stem.strip(), None


def first_date(text: str) -> date | None:
    """The first 2004年2月28日-style date near the top of a text (the adoption date of a law)."""
    m = _CN_DATE_RE.search(text[:600])
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
