"""Word files in the layout of GB/T 9704-2012 (党政机关公文格式). Pure: no Flask, no database.

    doc = OfficialDocument()
    doc.controlled_copy_line("SF-ZD-017  版本 A/1  现行  受控")
    doc.title("窗口服务规范")
    doc.subtitle_line("示范服〔2026〕3号")
    doc.heading("第一章 总则", level=1)
    doc.paragraph("第一条　为了……")
    doc.table([["项目", "分值"], ["仪容仪表", "10"]], header=True)
    doc.signature_block("示范市行政服务中心", date(2026, 1, 5))
    stream = doc.save()          # io.BytesIO positioned at 0

Layout: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (type area 156 x 225 mm);
title 方正小标宋简体 2号 (22 pt) centred; body 仿宋_GB2312 3号 (16 pt) with an exact line pitch
of 28.9 pt (22 lines a page, also given as the section's document grid); 一级 headings 黑体,
二级 headings 楷体_GB2312, both 3号; page numbers "— 1 —" in 4号 宋体, odd pages right, even
pages left; a small controlled-copy line in the page header of every page.

Paragraph styles used (so parse_docx and Word's navigation pane see the structure): Title,
Heading 1, Heading 2, List Bullet, List Number (automatic numbering switched off: the number or
bullet is written as text), Normal.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NO_FONT = "宋体"
LATIN_FONT = "Times New Roman"

TITLE_PT = 22
BODY_PT = 16
TABLE_PT = 14
PAGE_NO_PT = 14
HEADER_PT = 9
LINE_PITCH_PT = 28.9  # exact line spacing: 22 lines in the 225 mm type area
GRID_PITCH_TWIPS = 579  # 28.95 pt

BULLET = "•"


def cn_date(d: date | datetime | None) -> str:
    """2026年1月5日 (Arabic numerals, no leading zeros), '' for None."""
    if d is None:
        return ""
    return f"{d.year}年{d.month}月{d.day}日"


def _set_fonts(rpr_owner, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set ascii/hAnsi/eastAsia fonts on a run or style, dropping theme-font overrides."""
    rpr = rpr_owner.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)


def _style_run(run, font: str, size_pt: float, bold: bool = False) -> None:
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(run._element, font)


def _exact_pitch(pf, pitch_pt: float = LINE_PITCH_PT) -> None:
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(pitch_pt)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)


def _reset_style(style, font: str, size_pt: float, bold: bool = False) -> None:
    """Make a built-in style plain: our font and size, black, no border, no extra spacing."""
    el = style.element
    old = el.find(qn("w:rPr"))
    if old is not None:
        el.remove(old)
    ppr = el.find(qn("w:pPr"))
    if ppr is not None:
        for tag in ("w:pBdr", "w:numPr"):
            node = ppr.find(qn(tag))
            if node is not None:
                ppr.remove(node)
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(el, font)
    _exact_pitch(style.paragraph_format)


def _first_line_chars(paragraph, chars: int = 2, size_pt: float = BODY_PT) -> None:
    """First-line indent of `chars` characters (w:firstLineChars plus the twips fallback)."""
    paragraph.paragraph_format.first_line_indent = Pt(size_pt * chars)
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    if ind is not None:
        ind.set(qn("w:firstLineChars"), str(chars * 100))


def _no_numbering(paragraph) -> None:
    """Switch off a list style's automatic numbering on this paragraph (numId 0)."""
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "0")
    num_pr.append(ilvl)
    num_pr.append(num_id)
    # numPr must come after pStyle/keepNext... and before spacing/ind/jc: insert after pStyle.
    pstyle = ppr.find(qn("w:pStyle"))
    if pstyle is not None:
        pstyle.addnext(num_pr)
    else:
        ppr.insert(0, num_pr)


_AFTER_PBDR = {
    qn("w:" + t)
    for t in (
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "outlineLvl",
        "rPr",
        "sectPr",
        "pPrChange",
    )
}


def _bottom_rule(paragraph) -> None:
    """A thin rule under the paragraph (w:pBdr/w:bottom), placed where the schema wants it."""
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, val in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "000000")):
        bottom.set(qn("w:" + attr), val)
    bdr.append(bottom)
    later = next((child for child in ppr if child.tag in _AFTER_PBDR), None)
    if later is not None:
        later.addprevious(bdr)
    else:
        ppr.append(bdr)


def _add_field(paragraph, instr: str, font: str, size_pt: float) -> None:
    """A complex field (e.g. PAGE) as begin / instrText / separate / placeholder / end runs."""

    def fld_char(kind):
        run = paragraph.add_run()
        _style_run(run, font, size_pt)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
        return run

    fld_char("begin")
    run = paragraph.add_run()
    _style_run(run, font, size_pt)
    instr_el = OxmlElement("w:instrText")
    instr_el.set(qn("xml:space"), "preserve")
    instr_el.text = f" {instr} "
    run._r.append(instr_el)
    fld_char("separate")
    placeholder = paragraph.add_run("1")
    _style_run(placeholder, font, size_pt)
    fld_char("end")


class OfficialDocument:
    """Builder for one official-layout Word file. Methods append in reading order."""

    def __init__(self):
        self.doc = Document()
        self._header_text: str | None = None
        self._setup_styles()
        self._setup_section()
        # the template's thumbnail (a blank page) and "python-docx" properties would mislead
        rels = self.doc.part.package.rels
        for rid in [k for k, rel in rels.items() if rel.reltype.endswith("/metadata/thumbnail")]:
            rels.pop(rid)
        props = self.doc.core_properties
        props.author = props.last_modified_by = props.comments = ""
        props.created = props.modified = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
        props.revision = 1

    # -- setup ---------------------------------------------------------------------------
    def _setup_styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        _reset_style(normal, BODY_FONT, BODY_PT)
        normal.paragraph_format.widow_control = True
        _reset_style(styles["Title"], TITLE_FONT, TITLE_PT)
        _reset_style(styles["Heading 1"], H1_FONT, BODY_PT)
        _reset_style(styles["Heading 2"], H2_FONT, BODY_PT)
        for name in ("List Bullet", "List Number"):
            _reset_style(styles[name], BODY_FONT, BODY_PT)
        # East Asian default for text that names no style (e.g. in tables)
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rfonts = defaults.find(".//" + qn("w:rFonts"))
            if rfonts is not None:
                for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    if rfonts.get(qn(attr)) is not None:
                        del rfonts.attrib[qn(attr)]
                rfonts.set(qn("w:ascii"), LATIN_FONT)
                rfonts.set(qn("w:hAnsi"), LATIN_FONT)
                rfonts.set(qn("w:eastAsia"), BODY_FONT)
        # odd pages: number on the right; even pages: on the left
        self.doc.settings.odd_and_even_pages_header_footer = True

    def _setup_section(self) -> None:
        sec = self.doc.sections[0]
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
        sec.left_margin, sec.right_margin = Mm(28), Mm(26)
        sec.header_distance, sec.footer_distance = Mm(15), Mm(28)
        sectpr = sec._sectPr
        grid = sectpr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sectpr.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(GRID_PITCH_TWIPS))
        for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            p.alignment = align
            pf = p.paragraph_format
            pf.space_before = pf.space_after = Pt(0)
            # 单页码居右空一字，双页码居左空一字
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                pf.right_indent = Pt(PAGE_NO_PT)
            else:
                pf.left_indent = Pt(PAGE_NO_PT)
            _style_run(p.add_run("— "), PAGE_NO_FONT, PAGE_NO_PT)
            _add_field(p, "PAGE", PAGE_NO_FONT, PAGE_NO_PT)
            _style_run(p.add_run(" —"), PAGE_NO_FONT, PAGE_NO_PT)

    # -- content ---------------------------------------------------------------------------
    def _para(self, style: str | None = None, align=None):
        p = self.doc.add_paragraph(style=style)
        if align is not None:
            p.alignment = align
        _exact_pitch(p.paragraph_format)
        return p

    def title(self, text: str) -> None:
        """The document title: 方正小标宋简体 22 pt, centred, followed by one empty line."""
        lines = [t for t in str(text).splitlines() if t.strip()] or [""]
        if not self.doc.core_properties.title:
            self.doc.core_properties.title = " ".join(t.strip() for t in lines)[:255]
        for i, line in enumerate(lines):
            p = self._para("Title", WD_ALIGN_PARAGRAPH.CENTER)
            _exact_pitch(p.paragraph_format, 35)
            if i == len(lines) - 1:
                p.paragraph_format.space_after = Pt(LINE_PITCH_PT)
            _style_run(p.add_run(line.strip()), TITLE_FONT, TITLE_PT)

    def subtitle_line(self, text: str) -> None:
        """A centred 仿宋 line under the title, e.g. the document number 示范服〔2026〕3号."""
        p = self._para(None, WD_ALIGN_PARAGRAPH.CENTER)
        _style_run(p.add_run(text), BODY_FONT, BODY_PT)

    def heading(self, text: str, level: int = 1, align: str | None = None) -> None:
        """一级 heading in 黑体, 二级 in 楷体_GB2312, both 16 pt. Chapter/section headings
        (第X章, 第X节) are centred; other headings get the 2-character indent unless
        align='center'|'left' says otherwise."""
        level = 1 if level <= 1 else 2
        style = "Heading 1" if level == 1 else "Heading 2"
        font = H1_FONT if level == 1 else H2_FONT
        centred = align == "center" or (align is None and re.match(r"^第\S{1,6}[章节编]", text))
        p = self._para(style, WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT)
        p.paragraph_format.keep_with_next = True
        if not centred and align != "left":
            _first_line_chars(p)
        _style_run(p.add_run(text), font, BODY_PT)

    def paragraph(self, text: str, indent: bool = True, bold_spans=None) -> None:
        """A body paragraph, 仿宋 16 pt, justified, 2-character first-line indent.
        bold_spans: optional list of (text, bold) pieces instead of plain text."""
        p = self._para(None, WD_ALIGN_PARAGRAPH.JUSTIFY)
        if indent:
            _first_line_chars(p)
        for piece, bold in bold_spans or [(text, False)]:
            if piece:
                _style_run(p.add_run(piece), BODY_FONT, BODY_PT, bold=bold)

    def list_item(self, text: str, marker: str | None = None, bold_spans=None) -> None:
        """A list item; marker None = bullet, else the item's number written as text ('1.')."""
        style = "List Bullet" if marker is None else "List Number"
        p = self._para(style, WD_ALIGN_PARAGRAPH.JUSTIFY)
        _no_numbering(p)
        _first_line_chars(p)
        _style_run(p.add_run((BULLET if marker is None else marker) + " "), BODY_FONT, BODY_PT)
        for piece, bold in bold_spans or [(text, False)]:
            if piece:
                _style_run(p.add_run(piece), BODY_FONT, BODY_PT, bold=bold)

    def table(self, rows: list[list[str]], header: bool = True, col_widths_mm=None) -> None:
        """A bordered table in 仿宋 14 pt (header row in 黑体, repeated on every page)."""
        rows = [[("" if c is None else str(c)) for c in r] for r in rows if r is not None]
        if not rows:
            return
        ncols = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=ncols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = list(col_widths_mm or [])
        if len(widths) != ncols:
            # share the 156 mm type area by the longest line in each column (3 to 24 characters)
            weight = [
                max(
                    3,
                    min(
                        24,
                        max(
                            (max(len(line) for line in (r[c] if c < len(r) else "").split("\n")) for r in rows),
                            default=2,
                        ),
                    ),
                )
                for c in range(ncols)
            ]
            widths = [156 * w / sum(weight) for w in weight]
        for ci, col in enumerate(table.columns):
            col.width = Mm(widths[ci])
        # table.cell(r, c) rebuilds the whole cell list on every call (quadratic on a 60-row
        # ranking); the table has no merged cells, so read the list once.
        cells = table._cells
        for ri, row in enumerate(rows):
            is_head = header and ri == 0
            if is_head:
                tr_pr = table.rows[0]._tr.get_or_add_trPr()
                th = OxmlElement("w:tblHeader")
                tr_pr.append(th)
            for ci in range(ncols):
                cell = cells[ri * ncols + ci]
                cell.width = Mm(widths[ci])
                p = cell.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER if is_head else WD_ALIGN_PARAGRAPH.LEFT
                pf = p.paragraph_format
                pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                pf.line_spacing = Pt(22)
                pf.space_before = pf.space_after = Pt(0)
                text = row[ci] if ci < len(row) else ""
                for li, line in enumerate(text.split("\n")):
                    run = p.add_run()
                    if li:
                        run.add_break()  # soft line break, inside the run
                    run.add_text(line)
                    _style_run(run, H1_FONT if is_head else BODY_FONT, TABLE_PT)
        # a blank body line after the table keeps following text off the border
        self._para()

    def signature_block(self, org: str, date_value) -> None:
        """Issuing organ and date, right-aligned with a 4-character right indent."""
        self._para()  # one empty line before the signature
        date_text = cn_date(date_value) if isinstance(date_value, (date, datetime)) else str(date_value or "")
        for text in (org, date_text):
            if not text:
                continue
            p = self._para(None, WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(BODY_PT * 4)
            _style_run(p.add_run(text), BODY_FONT, BODY_PT)

    def footer_note(self, text: str) -> None:
        """A note at the end of the text (附注, e.g. （此件公开发布）), 仿宋 16 pt, indented."""
        p = self._para(None, WD_ALIGN_PARAGRAPH.LEFT)
        _first_line_chars(p)
        _style_run(p.add_run(text), BODY_FONT, BODY_PT)

    def controlled_copy_line(self, text: str) -> None:
        """The control line (number, revision, status, 受控/非受控) in the header of every page,
        9 pt, centred, ruled off from the text; a newline in `text` starts a second header line."""
        self._header_text = text
        lines = [line.strip() for line in str(text).split("\n") if line.strip()] or [""]
        sec = self.doc.sections[0]
        for header in (sec.header, sec.even_page_header):
            header.is_linked_to_previous = False
            for extra in header.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)
            first = header.paragraphs[0]
            for r in list(first.runs):
                r._r.getparent().remove(r._r)
            paras = [first] + [header.add_paragraph() for _ in lines[1:]]
            for p, line in zip(paras, lines, strict=False):
                p.style = self.doc.styles["Header"]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
                _style_run(p.add_run(line), BODY_FONT, HEADER_PT)
            _bottom_rule(paras[-1])

    def save(self) -> io.BytesIO:
        out = io.BytesIO()
        self.doc.save(out)
        out.seek(0)
        return out
