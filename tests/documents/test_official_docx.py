"""The GB/T 9704 builder: layout read back with python-docx and checked with the shared checker."""

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from app.documents.docx_io import ExportMeta, render_version_docx
from app.documents.official_docx import OfficialDocument, cn_date

CHECKER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "check_gbt9704.py"


def _official_with_table() -> OfficialDocument:
    doc = OfficialDocument()
    doc.controlled_copy_line("SF-ZD-017  版本 A/1  现行  受控")
    doc.title("示范市行政服务中心窗口服务规范")
    doc.subtitle_line("示范服〔2026〕3号")
    doc.heading("第一章 总则", level=1)
    doc.paragraph("第一条　为了规范窗口工作人员的服务行为，提升办事群众的满意程度，结合本中心实际，制定本规范。")
    doc.paragraph("第二条　本规范适用于进驻中心的各部门窗口及其工作人员，中心管理人员参照执行。")
    doc.heading("一、服务要求", level=1)
    doc.heading("（一）仪容仪表", level=2)
    doc.paragraph("工作时间统一着装，佩戴工牌，保持桌面整洁，不在窗口进食或者闲聊。")
    doc.list_item("首问负责")
    doc.list_item("一次性告知", "2.")
    doc.table(
        [["考核项目", "分值", "说明"], ["仪容仪表", "10", "着装、工牌"], ["服务态度", "20", "文明用语"]],
        header=True,
        col_widths_mm=[60, 30, 66],
    )
    doc.paragraph("本规范自发布之日起施行，由中心办公室负责解释。")
    doc.signature_block("示范市行政服务中心", date(2026, 1, 5))
    doc.footer_note("（此件公开发布）")
    return doc


def _run_checker(path: Path) -> subprocess.CompletedProcess:
    if not CHECKER.exists():  # a check that silently vanishes is not a check
        pytest.fail(f"GB/T 9704 checker missing at {CHECKER} (../shared sits beside the clone in CI)")
    return subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True, text=True, timeout=60)


def test_cn_date_uses_arabic_numerals_without_leading_zeros():
    assert cn_date(date(2026, 1, 5)) == "2026年1月5日"
    assert cn_date(datetime(2024, 12, 31, 8, 0)) == "2024年12月31日"
    assert cn_date(None) == ""


def test_page_setup_fonts_and_line_pitch(tmp_path):
    path = tmp_path / "official.docx"
    path.write_bytes(_official_with_table().save().getvalue())
    doc = Document(str(path))
    sec = doc.sections[0]
    assert round(sec.page_width / Mm(1)) == 210 and round(sec.page_height / Mm(1)) == 297
    assert [round(v / Mm(1)) for v in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == [
        37,
        35,
        28,
        26,
    ]
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert "仿宋" in normal.get(qn("w:eastAsia"))
    assert doc.styles["Normal"].font.size.pt == 16
    grid = sec._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and int(grid.get(qn("w:linePitch"))) == 579

    title = doc.paragraphs[0]
    assert title.text == "示范市行政服务中心窗口服务规范"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "小标宋" in title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))
    assert title.runs[0].font.size.pt == 22

    by_text = {p.text: p for p in doc.paragraphs}
    chapter = by_text["第一章 总则"]
    assert chapter.style.name == "Heading 1" and chapter.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert chapter.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert by_text["（一）仪容仪表"].runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    article = next(p for p in doc.paragraphs if p.text.startswith("第一条"))
    assert article.paragraph_format.line_spacing.pt == pytest.approx(28.9)
    assert article.paragraph_format.first_line_indent.pt == 32
    assert article._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    sign_date = by_text["2026年1月5日"]
    assert sign_date.alignment == WD_ALIGN_PARAGRAPH.RIGHT

    assert doc.core_properties.title == "示范市行政服务中心窗口服务规范" and doc.core_properties.author == ""
    assert not any(r.reltype.endswith("/thumbnail") for r in doc.part.package.rels.values())

    table = doc.tables[0]
    assert [c.text for c in table.rows[1].cells] == ["仪容仪表", "10", "着装、工牌"]
    assert table.rows[1].cells[0].paragraphs[0].runs[0].font.size.pt == 14
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_page_number_field_and_control_line_on_odd_and_even_pages(tmp_path):
    path = tmp_path / "official.docx"
    path.write_bytes(_official_with_table().save().getvalue())
    doc = Document(str(path))
    sec = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        xml = footer._element.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
        assert footer.paragraphs[0].alignment == align
    for header in (sec.header, sec.even_page_header):
        assert [p.text for p in header.paragraphs] == ["SF-ZD-017  版本 A/1  现行  受控"]
        assert header.paragraphs[0].runs[0].font.size.pt < 12
        assert header.paragraphs[0]._p.pPr.find(qn("w:pBdr")) is not None  # ruled off from the text
    doc = OfficialDocument()
    doc.controlled_copy_line("第一行")
    doc.controlled_copy_line("示范市行政服务中心\nSF-ZD-017  受控")  # replaces, never stacks
    doc.title("标题")
    sec = Document(doc.save()).sections[0]
    assert [p.text for p in sec.header.paragraphs] == ["示范市行政服务中心", "SF-ZD-017  受控"]
    assert [p.text for p in sec.even_page_header.paragraphs] == ["示范市行政服务中心", "SF-ZD-017  受控"]


def test_table_columns_follow_their_content_unless_widths_are_given():
    doc = OfficialDocument()
    doc.title("表")
    rows = [["序号", "考核项目", "说明"], ["1", "仪容仪表", "工作时间统一着装，佩戴工牌，保持桌面整洁"]]
    doc.table(rows)
    doc.table(rows, col_widths_mm=[30, 30, 96])
    auto, fixed = Document(doc.save()).tables
    widths = [c.width / Mm(1) for c in auto.columns]
    assert widths[0] < widths[1] < widths[2] and sum(widths) == pytest.approx(156, abs=0.5)
    assert [round(c.width / Mm(1)) for c in fixed.columns] == [30, 30, 96]


def test_checker_passes_on_official_document_with_table(tmp_path):
    path = tmp_path / "official.docx"
    path.write_bytes(_official_with_table().save().getvalue())
    result = _run_checker(path)
    assert result.returncode == 0, result.stdout
    assert "FAIL" not in result.stdout and result.stdout.count("ok") >= 14


def test_checker_passes_on_exported_version(tmp_path):
    meta = ExportMeta(
        "示范市行政服务中心",
        "SF-ZD-017",
        "窗口服务管理制度",
        "A/1",
        "现行",
        date(2024, 3, 1),
        False,
        "林书瑶",
        datetime(2026, 11, 23, 10, 5),
    )
    md = (
        "## 第一章 总则\n\n第一条　为了规范窗口服务，制定本制度。\n\n第二条　本制度适用于：\n\n（一）综合窗口；\n\n"
        "（二）出件窗口。\n\n## 第二章 考核\n\n| 项目 | 分值 |\n| --- | --- |\n| 仪容仪表 | 10 |\n\n- 每月考核一次\n"
    )
    path = tmp_path / "export.docx"
    path.write_bytes(render_version_docx(meta, md).getvalue())
    result = _run_checker(path)
    assert result.returncode == 0, result.stdout


def test_checker_catches_a_plain_word_file(tmp_path):
    """The checker really checks: a default python-docx file (Letter paper, Calibri) fails."""
    path = tmp_path / "plain.docx"
    plain = Document()
    plain.add_paragraph("标题")
    plain.add_paragraph("正文")
    plain.save(str(path))
    result = _run_checker(path)
    assert result.returncode == 1 and "FAIL A4 paper" in result.stdout
