"""Word in and out for controlled documents. Pure: no Flask, no database.

    stream = render_version_docx(ExportMeta(...), markdown)     # io.BytesIO, GB/T 9704 layout
    parsed = parse_docx(file_storage_or_stream, "制度.docx")     # ParsedDocx(title, markdown)
                                                                # or raises DocxImportError(msg)

House Markdown: `## 第一章 总则` chapter headings, `### ...` sub-headings, articles as paragraphs
`第一条　...` (full-width space after the number), plain paragraphs (one per line), `- ` and `1. `
lists, pipe tables, `**bold**`. normalize_markdown() gives the canonical form that parse_docx
returns, so parse_docx(render_version_docx(meta, md)).markdown == normalize_markdown(md).

Untrusted files are checked before python-docx opens them (size, zip structure, zip bomb,
encryption, DOCTYPE/ENTITY in any XML part); every refusal is a DocxImportError whose message is
Chinese and fit to show to the user. Nothing here writes anywhere.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..core.cn_numerals import ARTICLE, CN_NUM, cn_to_int, int_to_cn  # noqa: F401  (re-exported for diff.py and tests)
from .official_docx import OfficialDocument, cn_date

MAX_FILE_BYTES = 20 * 1024 * 1024
# Bounds of one uploaded .docx (issue 11 item 5). The longest text in the law corpus (a 2019 procuratorial
# rule) is about 105 000 characters; a document may hold MAX_TEXT_CHARS, about three times that. Such a
# text is a few MB of WordprocessingML, so the XML parts python-docx would parse may expand to
# MAX_XML_BYTES in all (read as streams with a running budget, before any parser sees them), the whole
# package to MAX_UNCOMPRESSED_BYTES (images included). A member that expands more than MAX_RATIO times
# its compressed size is refused once it has produced RATIO_FROM bytes (small members may be very
# compressible, e.g. an empty table). The checks stop after MAX_CHECK_SECONDS.
MAX_TEXT_CHARS = 300_000
MAX_XML_BYTES = 16 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024
MAX_ENTRIES = 2000
MAX_CHECK_SECONDS = 1.5
TEXT_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml", "word/comments.xml")


class DocxImportError(Exception):
    """A .docx that cannot be imported; str(exc) / exc.message is a Chinese message for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ExportMeta:
    org_name: str
    number: str
    title: str
    revision: str
    status_label: str
    effective_date: date | None
    controlled: bool
    printed_by: str
    printed_at: datetime  # shown as given: pass China local time


@dataclass
class ParsedDocx:
    title: str | None
    markdown: str


# ---------------------------------------------------------------- house Markdown
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^[-*+•·]\s+(.*)$")
_NUMBERED = re.compile(r"^(\d{1,3})[.)．、]\s*(.*)$")
_TABLE_SEP = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")
_CHAPTER = re.compile(rf"^(第{CN_NUM}[编章节])[\s\u3000]*(.*)$")


def _clean(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text.replace("\t", " ")).strip()


def _norm_heading(text: str) -> str:
    m = _CHAPTER.match(text)
    return f"{m.group(1)} {m.group(2)}".strip() if m else text


def _norm_para(text: str) -> str:
    m = ARTICLE.match(text)
    if m and m["text"]:
        return f"{m['label']}\u3000{m['text']}"
    return text


def _split_row(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells = re.split(r"(?<!\\)\|", line)
    return [_clean(c.replace("\\|", "|").replace("<br>", "\n").replace("<br/>", "\n")) for c in cells]


def markdown_blocks(markdown: str) -> list[tuple]:
    """('heading', level 2|3, text) | ('para', text) | ('bullet', text) | ('number', n, text)
    | ('table', rows). `#` and `##` become level 2, `###` and deeper level 3."""
    blocks: list[tuple] = []
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line or re.fullmatch(r"<!--.*?-->", line):
            continue
        if line.startswith("|"):
            rows = [_split_row(line)]
            if i < len(lines) and _TABLE_SEP.match(lines[i].strip()):
                i += 1  # the header delimiter row
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(_split_row(lines[i]))
                i += 1
            blocks.append(("table", rows))
            continue
        m = _HEADING.match(line)
        if m:
            text = _norm_heading(_clean(m.group(2)))
            if text:
                blocks.append(("heading", 2 if len(m.group(1)) <= 2 else 3, text))
            continue
        m = _BULLET.match(line)
        if m and m.group(1).strip():
            blocks.append(("bullet", _clean(m.group(1))))
            continue
        m = _NUMBERED.match(line)
        if m and m.group(2).strip() and line[len(m.group(1))] in ".)":
            blocks.append(("number", int(m.group(1)), _clean(m.group(2))))
            continue
        blocks.append(("para", _norm_para(_clean(line))))
    return blocks


def _table_row(cells: list[str], width: int) -> str:
    """One Markdown table row, padded to `width` cells; pipes and line breaks kept inside cells."""
    padded = cells + [""] * (width - len(cells))
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", "<br>") for c in padded) + " |"


def blocks_to_markdown(blocks: list[tuple]) -> str:
    out: list[str] = []
    prev = None
    for b in blocks:
        kind = b[0]
        if kind == "heading":
            text = "#" * b[1] + " " + b[2]
        elif kind == "para":
            text = b[1]
        elif kind == "bullet":
            text = "- " + b[1]
        elif kind == "number":
            text = f"{b[1]}. {b[2]}"
        else:
            rows = b[1]
            width = max(len(r) for r in rows)
            text = "\n".join(
                [_table_row(rows[0], width), "| " + " | ".join(["---"] * width) + " |"]
                + [_table_row(r, width) for r in rows[1:]]
            )
        if out:
            same_list = kind in ("bullet", "number") and prev == kind
            out.append("\n" if same_list else "\n\n")
        out.append(text)
        prev = kind
    return "".join(out) + ("\n" if out else "")


def normalize_markdown(markdown: str) -> str:
    """The canonical house form: what parse_docx returns for the rendered document."""
    return blocks_to_markdown(markdown_blocks(markdown or ""))


def _spans(text: str) -> list[tuple[str, bool]]:
    parts = re.split(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", text)
    return [(p, i % 2 == 1) for i, p in enumerate(parts) if p]


# ---------------------------------------------------------------- export
def control_line(meta: ExportMeta) -> str:
    parts = [meta.number, f"版本 {meta.revision}", meta.status_label]
    if meta.effective_date:
        parts.append(f"{cn_date(meta.effective_date)}起施行")
    when = meta.printed_at
    stamp = f"{meta.printed_by} {cn_date(when)} {when:%H:%M} 打印" if when else meta.printed_by
    parts.append(("受控 " if meta.controlled else "非受控（打印件）") + stamp)
    return "  ".join(p.strip() for p in parts if p and p.strip())


def render_version_docx(meta: ExportMeta, markdown: str) -> io.BytesIO:
    """One version as an official-layout .docx with the controlled-copy line in the header."""
    doc = OfficialDocument()
    doc.controlled_copy_line(f"{meta.org_name}\n{control_line(meta)}" if meta.org_name else control_line(meta))
    doc.title(meta.title)
    blocks = markdown_blocks(markdown or "")
    first = (markdown or "").lstrip().split("\n", 1)[0].strip()
    if blocks and blocks[0][0] == "heading" and first.startswith("# ") and blocks[0][2] == meta.title.strip():
        blocks = blocks[1:]  # a leading "# <title>" repeats the title
    for b in blocks:
        kind = b[0]
        if kind == "heading":
            doc.heading(b[2], level=1 if b[1] == 2 else 2)
        elif kind == "para":
            doc.paragraph(b[1], bold_spans=_spans(b[1]))
        elif kind == "bullet":
            doc.list_item(b[1], None, bold_spans=_spans(b[1]))
        elif kind == "number":
            doc.list_item(b[2], f"{b[1]}.", bold_spans=_spans(b[2]))
        else:
            doc.table(b[1], header=True)
    return doc.save()


# ---------------------------------------------------------------- import: package checks
def _read_all(stream) -> bytes:
    if isinstance(stream, (bytes, bytearray)):
        return bytes(stream)
    if isinstance(stream, str):
        with open(stream, "rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    if hasattr(stream, "seek"):
        try:
            stream.seek(0)
        except (OSError, ValueError):
            pass
    return stream.read(MAX_FILE_BYTES + 1)


# "<!doctype" / "<!entity" in every encoding an XML parser might detect; bytes.lower() keeps
# the UTF-16/32 forms intact because it only touches ASCII letters
_DTD_MARKS = tuple(
    word.encode(enc)
    for word in ("<!doctype", "<!entity")
    for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)


_TEXT_RUN = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


class _Bomb(Exception):
    """A member expanded past a budget or a ratio while being read."""


class _Slow(Exception):
    """The checks ran out of time."""


def _scan_member(fh, info, budget: list, deadline: float, count_text: bool) -> tuple[bool, int, int]:
    """Stream one zip member in 256 KB chunks: (holds a DOCTYPE/ENTITY, bytes read, characters of text
    in its <w:t> runs). `budget` is [bytes of XML left to read]: it runs across members. Raises _Bomb
    when the member outgrows the budget or MAX_RATIO, _Slow past the deadline."""
    tail, total, chars, text_tail = b"", 0, 0, b""
    compressed = max(info.compress_size, 1)
    while True:
        chunk = fh.read(1 << 18)
        if not chunk:
            if count_text and text_tail:
                chars += sum(len(m.decode("utf-8", "ignore")) for m in _TEXT_RUN.findall(text_tail))
            return False, total, chars
        total += len(chunk)
        budget[0] -= len(chunk)
        if budget[0] < 0 or (total > RATIO_FROM and total > MAX_RATIO * compressed):
            raise _Bomb()
        if time.monotonic() > deadline:
            raise _Slow()
        window = (tail + chunk).lower()
        if any(mark in window for mark in _DTD_MARKS):
            return True, total, chars
        tail = window[-40:]
        if count_text:
            # count whole runs: everything before the last "<w:t" holds only complete runs (text
            # never contains "<"); the rest waits for the next chunk
            text = text_tail + chunk
            cut = text.rfind(b"<w:t")
            if cut < 0:
                cut = max(0, len(text) - 4)
            done, text_tail = text[:cut], text[cut:]
            chars += sum(len(m.decode("utf-8", "ignore")) for m in _TEXT_RUN.findall(done))
            if len(text_tail) > (1 << 20):  # one run longer than 1 MB: all of it counts as text
                chars += len(text_tail.decode("utf-8", "ignore"))
                text_tail = b""
            if chars > MAX_TEXT_CHARS:
                return False, total, chars


def check_package(data: bytes, filename: str) -> None:
    """Refuse hostile or unusable files before any XML parser sees them."""
    if len(data) > MAX_FILE_BYTES:
        raise DocxImportError("文件超过 20 MB，无法导入。请删去图片等大块内容或拆分后再试。")
    if not data:
        raise DocxImportError("文件是空的，请选择要导入的 Word 文档（.docx）。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise DocxImportError("文档已加密（设置了打开密码），无法读取。请在 Word 中取消密码后再导入。")
        raise DocxImportError(
            "这是旧版 Word（.doc）或其他 Office 二进制文件，不能直接导入。请在 Word 中“另存为” .docx 格式后再导入。"
        )
    name = (filename or "").lower()
    if not name.endswith(".docx"):
        raise DocxImportError(f"只能导入 .docx 格式的 Word 文档，“{filename or '未命名'}”不是 .docx 文件。")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise DocxImportError(
            "文件不是有效的 .docx 文档（无法按 Word 2007 及以上版本的格式读取）。"
            "请在 Word 中打开并“另存为” .docx 后再导入。"
        ) from None
    bomb = DocxImportError(
        f"文档解压后体积异常（超过 {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB、其中 XML 超过 "
        f"{MAX_XML_BYTES // (1024 * 1024)} MB，或压缩比超过 {MAX_RATIO}:1），"
        "疑似恶意构造的压缩包，已拒绝导入。"
    )
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
        raise bomb
    for info in infos:
        # the ratio limit applies to large members only: a legitimate form with a big empty table
        # can reach a ratio above 100 in a few hundred KB, which is harmless
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise bomb
    if any(i.flag_bits & 0x1 for i in infos):
        raise DocxImportError("文档已加密（设置了打开密码），无法读取。请在 Word 中取消密码后再导入。")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise DocxImportError(
            "文件中缺少 Word 正文（word/document.xml），不是 Word 文档或已损坏。请确认选择的是 .docx 文件。"
        )
    corrupt = DocxImportError("文档已损坏，无法读取。请在 Word 中打开并重新保存后再试。")
    dtd_error = DocxImportError(
        "文档中含有不允许的 XML 声明（DOCTYPE/ENTITY，可能引用外部实体），已拒绝导入。请在 Word 中另存为新文件后再试。"
    )
    too_long = DocxImportError(
        f"文档正文超过 {MAX_TEXT_CHARS // 10000} 万字（本系统一份文件的上限），已拒绝导入。请拆分为几份文件后再导入。"
    )
    slow = DocxImportError("文档结构过于复杂，检查超时，已拒绝导入。请在 Word 中另存为新文件或拆分后再试。")
    deadline = time.monotonic() + MAX_CHECK_SECONDS
    xml_budget, other_budget, chars = [MAX_XML_BYTES], [MAX_UNCOMPRESSED_BYTES], 0
    by_ext, by_part = None, None
    for info in sorted((i for i in infos if not i.is_dir()), key=lambda i: i.filename != "[Content_Types].xml"):
        kind = (
            ""
            if by_ext is None
            else by_part.get("/" + info.filename.lower(), by_ext.get(info.filename.rsplit(".", 1)[-1].lower(), ""))
        )
        if kind.startswith("image/") and "svg" not in kind and not info.filename.lower().endswith((".xml", ".rels")):
            continue  # binary image parts are kept as blobs, never parsed
        if kind == "image/svg+xml":
            continue  # SVG (may carry its own DOCTYPE) is never parsed either
        parsed = "xml" in kind or info.filename.lower().endswith((".xml", ".rels"))
        try:
            with zf.open(info) as fh:
                dtd, size, text = _scan_member(
                    fh, info, xml_budget if parsed else other_budget, deadline, info.filename in TEXT_PARTS
                )
            if info.filename == "[Content_Types].xml" and not dtd:
                by_ext, by_part = _content_types(zf.read(info))
        except _Bomb:
            raise bomb from None
        except _Slow:
            raise slow from None
        except (
            zipfile.BadZipFile,
            zlib.error,
            NotImplementedError,
            RuntimeError,
            OSError,
            EOFError,
            ValueError,
            ElementTree.ParseError,
            DefusedXmlException,
        ):
            raise corrupt from None
        if size > info.file_size:
            raise bomb  # the header lied about the size
        if dtd:
            raise dtd_error
        chars += text
        if chars > MAX_TEXT_CHARS:
            raise too_long
    if by_ext is None:
        raise corrupt  # no [Content_Types].xml: not an Office package


def _content_types(raw: bytes) -> tuple[dict, dict]:
    """[Content_Types].xml as ({extension: type}, {'/part/name': type}), lower-cased."""
    root = defused_fromstring(raw)
    by_ext, by_part = {}, {}
    for el in root:
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "Default":
            by_ext[el.get("Extension", "").lower()] = el.get("ContentType", "").lower()
        elif tag == "Override":
            by_part[el.get("PartName", "").lower()] = el.get("ContentType", "").lower()
    return by_ext, by_part


# ---------------------------------------------------------------- import: reading
_LIST_STYLE = re.compile(r"^(list (bullet|number)|列表(项目符号|编号))", re.I)
_HEADING_STYLE = re.compile(r"^(heading|标题)\s*(\d)$", re.I)


def _level_value(lvl, tag: str, default: str) -> str:
    """The w:val of one numbering level's child `tag`, or `default` when the level leaves it out."""
    child = lvl.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else default


class _Numbering:
    """Resolve a paragraph's automatic numbering: ('bullet'|'number'|'label', text)."""

    def __init__(self, doc):
        self.fmt: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            a = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if a is None:
                continue
            for lvl in a.findall(qn("w:lvl")):
                self.fmt[(num.get(qn("w:numId")), int(lvl.get(qn("w:ilvl"), "0")))] = (
                    _level_value(lvl, "w:numFmt", "decimal"),
                    _level_value(lvl, "w:lvlText", "%1."),
                    int(_level_value(lvl, "w:start", "1")),
                )

    def num_pr(self, p, style_info):
        ppr = p._p.pPr
        node = ppr.find(qn("w:numPr")) if ppr is not None else None
        if node is None:
            node = style_info["numPr"]
        if node is None or node.find(qn("w:numId")) is None:
            return None
        num_id = node.find(qn("w:numId")).get(qn("w:val"))
        ilvl = node.find(qn("w:ilvl"))
        return (num_id, int(ilvl.get(qn("w:val"))) if ilvl is not None else 0)

    def resolve(self, p, style_info):
        key = self.num_pr(p, style_info)
        if key is None or key[0] == "0" or key not in self.fmt:
            return None
        fmt, lvl_text, start = self.fmt[key]
        if fmt == "bullet":
            return ("bullet", "")
        n = self.counters.get(key, start - 1) + 1
        self.counters[key] = n
        for k in [k for k in self.counters if k[0] == key[0] and k[1] > key[1]]:
            del self.counters[k]  # a deeper level restarts under a new parent
        if fmt == "decimal" and re.fullmatch(r"%1[.)．]", lvl_text):
            return ("number", str(n))  # 1. 2. 3. → a Markdown ordered list
        # anything else (（一）, 第一条, 1.1, a)) is written out as text, as Word shows it
        label = re.sub(r"%(\d)", lambda m: self._format(key[0], int(m.group(1)) - 1, key, n), lvl_text)
        return ("label", label)

    def _format(self, num_id: str, ilvl: int, key, n: int) -> str:
        fmt, _, start = self.fmt.get((num_id, ilvl), ("decimal", "", 1))
        value = n if (num_id, ilvl) == key else self.counters.get((num_id, ilvl), start)
        if fmt.startswith(("chinese", "ideograph", "taiwanese", "japanese")):
            return int_to_cn(value)
        if fmt in ("lowerLetter", "upperLetter"):
            letter = chr(ord("a") + (value - 1) % 26)
            return letter.upper() if fmt == "upperLetter" else letter
        if fmt in ("lowerRoman", "upperRoman"):
            roman = ""
            for v, r in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
                while value >= v:
                    roman, value = roman + r, value - v
            return roman.upper() if fmt == "upperRoman" else roman
        return str(value)


def _style_info(p, cache: dict) -> dict:
    """Name, size, bold, alignment and numbering a paragraph style gives (resolved once per style;
    python-docx's Paragraph.style is slow on long documents)."""
    sid = p._p.style
    if sid not in cache:
        style = p.style
        info = {
            "name": (style.name if style is not None else "") or "",
            "size": None,
            "bold": None,
            "align": None,
            "numPr": None,
        }
        while style is not None:
            info["size"] = info["size"] or (style.font.size.pt if style.font.size else None)
            info["bold"] = info["bold"] if info["bold"] is not None else style.font.bold
            info["align"] = info["align"] if info["align"] is not None else style.paragraph_format.alignment
            sppr = style.element.find(qn("w:pPr"))
            if info["numPr"] is None and sppr is not None:
                info["numPr"] = sppr.find(qn("w:numPr"))
            style = style.base_style
        cache[sid] = info
    return cache[sid]


def _runs(p) -> list[Run]:
    """All runs of the paragraph, including those inside hyperlinks, fields, content controls
    and tracked insertions (deleted text is w:delText and stays out); not text boxes."""
    return [Run(r, p) for r in p._p.iter(qn("w:r")) if next(r.iterancestors(qn("w:p")), None) is p._p]


def _body_items(parent):
    """Body-level paragraphs and tables in reading order, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent"))
            yield from _body_items(content if content is not None else child)


def _inline(runs: list[Run], info: dict) -> tuple[str, bool]:
    """Paragraph text with **bold** spans, and whether all visible text is bold."""
    pieces: list[list] = []
    for run in runs:
        text = run.text.replace("\t", " ")
        if not text:
            continue
        b = run.bold if run.bold is not None else bool(info["bold"])
        if pieces and pieces[-1][1] == b:
            pieces[-1][0] += text
        else:
            pieces.append([text, b])
    visible = [pc for pc in pieces if pc[0].strip()]
    all_bold = bool(visible) and all(b for _, b in visible)
    if all_bold or not any(b for _, b in visible):
        return "".join(t for t, _ in pieces), all_bold
    out = []
    for text, b in pieces:
        core = text.strip()
        if b and core:
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            out.append(f"{lead}**{core}**{trail}")
        else:
            out.append(text)
    return "".join(out), False


def read_blocks(doc) -> tuple[str | None, list[tuple]]:
    numbering = _Numbering(doc)
    style_cache: dict = {}
    title: str | None = None
    blocks: list[tuple] = []
    body_started = False
    for child in _body_items(doc.element.body):
        if child.tag == qn("w:tbl"):
            rows = [[_clean(c.text) for c in row.cells] for row in Table(child, doc).rows]
            if any(any(r) for r in rows):
                blocks.append(("table", rows))
                body_started = True
            continue
        if child.tag != qn("w:p"):
            continue
        p = Paragraph(child, doc)
        info = _style_info(p, style_cache)
        runs = _runs(p)
        text, all_bold = _inline(runs, info)
        if not text.strip():
            continue
        style = info["name"]
        centred = (p.alignment if p.alignment is not None else info["align"]) == WD_ALIGN_PARAGRAPH.CENTER
        auto = numbering.resolve(p, info)
        prefix = ""
        if auto and auto[0] == "label":
            prefix = auto[1] + ("\u3000" if auto[1].endswith(("条", "章", "节", "编")) else "")
            text = prefix + text.strip()
        lines = [_clean(t) for t in text.split("\n") if _clean(t)]
        raw = "".join(r.text for r in runs)
        plain = _clean((prefix + raw.strip()).replace("\n", " "))
        big = max(((r.font.size.pt if r.font.size else info["size"] or 0) for r in runs if r.text.strip()), default=0)
        if title is None and not body_started and (style.lower() in ("title", "标题") or (centred and big >= 18)):
            title = " ".join(_clean(t) for t in raw.split("\n") if _clean(t))
            continue
        hm = _HEADING_STYLE.match(style)
        level = None
        if hm or style.lower() in ("title", "标题"):
            level = 2 if (not hm or hm.group(2) == "1") else 3
        elif _CHAPTER.match(plain) and len(plain) <= 30 and not re.search(r"[。；;：:，,]$", plain):
            level = 2 if re.match(rf"^第{CN_NUM}[编章]", plain) else 3
        elif all_bold and centred and len(plain) <= 40:
            level = 2
        body_started = True
        if level:
            blocks.append(("heading", level, _norm_heading(plain)))
            continue
        list_kind = _LIST_STYLE.match(style) if not prefix else None
        for i, line in enumerate(lines):
            if i == 0 and list_kind:
                kind = "bullet" if list_kind.group(0).lower().endswith(("bullet", "项目符号")) else "number"
                if kind == "bullet":
                    blocks.append(("bullet", _clean(re.sub(r"^[•·●○■▪\-–]\s*", "", line))))
                else:
                    m = re.match(r"^(\d{1,3})[.)．、]\s*(.*)$", line)
                    count = sum(1 for b in blocks[-50:] if b[0] == "number")
                    blocks.append(("number", int(m.group(1)), _clean(m.group(2))) if m else ("number", count + 1, line))
            elif i == 0 and auto and auto[0] in ("bullet", "number"):
                blocks.append(("bullet", line) if auto[0] == "bullet" else ("number", int(auto[1]), line))
            else:
                blocks.append(("para", _norm_para(f"**{line}**" if all_bold else line)))
    return title, blocks


def parse_docx(stream, filename: str) -> ParsedDocx:
    """Read an uploaded .docx into house Markdown; DocxImportError with a Chinese message if the
    file is unusable or hostile. The caller saves only when this returns."""
    data = _read_all(stream)
    check_package(data, filename)
    try:
        title, blocks = read_blocks(Document(io.BytesIO(data)))
    except DocxImportError:
        raise
    except Exception:
        raise DocxImportError("文档已损坏，无法读取。请在 Word 中打开并重新保存后再试。") from None
    markdown = blocks_to_markdown(blocks)
    if len(markdown) > MAX_TEXT_CHARS + MAX_TEXT_CHARS // 10:  # the Markdown adds a little to the text
        raise DocxImportError(
            f"文档正文超过 {MAX_TEXT_CHARS // 10000} 万字（本系统一份文件的上限），已拒绝导入。"
            "请拆分为几份文件后再导入。"
        )
    if not markdown.strip():
        raise DocxImportError("文档中没有可导入的文字内容（正文为空，或只有图片）。")
    return ParsedDocx(title=title, markdown=markdown)
