"""Word in and out: round trips with real .docx files, and every hostile file refused in Chinese."""

import io
import zipfile
from datetime import date, datetime

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from app.documents import docx_io
from app.documents.docx_io import (
    DocxImportError,
    ExportMeta,
    ParsedDocx,
    cn_to_int,
    int_to_cn,
    normalize_markdown,
    parse_docx,
    render_version_docx,
)

HOUSE_MD = """## 第一章 总则

第一条　为了规范窗口服务行为，提高办事群众满意度，制定本制度。

第二条　本制度适用于中心各窗口，包括：

（一）综合受理窗口；

（二）**出件**窗口。

### 一、基本要求

- 统一着装
- 佩戴工牌

1. 首问负责
2. 一次告知

## 第二章 考核

第三条　考核按下表计分：

| 项目 | 分值 |
| --- | --- |
| 仪容仪表 | 10 |
| 服务 \\| 态度 | 20 |

**本制度由中心办公室负责解释。**
"""


def _meta(controlled=False, **kw):
    values = dict(
        org_name="示范市行政服务中心",
        number="SF-ZD-017",
        title="窗口服务管理制度",
        revision="A/1",
        status_label="现行",
        effective_date=date(2024, 3, 1),
        controlled=controlled,
        printed_by="林书瑶",
        printed_at=datetime(2026, 11, 23, 10, 5),
    )
    values.update(kw)
    return ExportMeta(**values)


def _docx_bytes(build) -> bytes:
    doc = Document()
    build(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _rezip(data: bytes, replace: dict, drop=()) -> bytes:
    """Copy a .docx zip, replacing or dropping some parts."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, payload in replace.items():
            if name not in src.namelist():
                dst.writestr(name, payload)
    return out.getvalue()


def _valid() -> bytes:
    return _docx_bytes(lambda d: d.add_paragraph("第一条　正文内容。"))


def _refused(data: bytes, filename="制度.docx") -> str:
    with pytest.raises(DocxImportError) as exc:
        parse_docx(io.BytesIO(data), filename)
    return exc.value.message


# ------------------------------------------------------------------ numerals and markdown
def test_chinese_numerals_both_ways():
    for n in (1, 9, 10, 11, 20, 23, 100, 105, 110, 199, 1000, 1010):
        assert cn_to_int(int_to_cn(n)) == n
    assert int_to_cn(10) == "十" and int_to_cn(23) == "二十三" and int_to_cn(105) == "一百零五"
    assert cn_to_int("两百") == 200 and cn_to_int("12") == 12 and cn_to_int("第") is None


def test_normalize_markdown_house_forms():
    md = "# 第一章总则\n第一条 为了规范。\n第二条规定的内容\n* 一项\n#### 细目\n|a|b|\n|:-|-|\n| - | x |\n"
    assert normalize_markdown(md) == (
        "## 第一章 总则\n\n第一条\u3000为了规范。\n\n第二条\u3000规定的内容\n\n- 一项\n\n"
        "### 细目\n\n| a | b |\n| --- | --- |\n| - | x |\n"
    )
    out = normalize_markdown("|a|b|\n|---|---|\n|1|2|\n")
    assert out == "| a | b |\n| --- | --- |\n| 1 | 2 |\n"


# ------------------------------------------------------------------ export
def test_export_then_parse_gives_the_same_markdown_and_title():
    stream = render_version_docx(_meta(), HOUSE_MD)
    assert isinstance(stream, io.BytesIO) and stream.tell() == 0
    parsed = parse_docx(stream, "SF-ZD-017.docx")
    assert isinstance(parsed, ParsedDocx)
    assert parsed.title == "窗口服务管理制度"
    assert parsed.markdown == normalize_markdown(HOUSE_MD)
    assert "第三条\u3000考核按下表计分：" in parsed.markdown and "| 服务 \\| 态度 | 20 |" in parsed.markdown


AWKWARD_MD = """# 一级标题

第一章规定的事项，按本章办理。

第二条规定的内容

a**b 与 **粗** **体** 文本

  　首行有全角空格

| 项目 | **说明** | |
| --- | --- | --- |
| | | |
| 甲 |
| 第一行<br>第二行 | 乙 |

- -负号开头
- • 圆点开头

3. 从三开始
4. 继续

#### 四级标题

链接 [中心](http://example.invalid) 与 `代码` 与 <u>标签</u>
"""


def test_round_trip_of_awkward_markdown():
    parsed = parse_docx(render_version_docx(_meta(effective_date=None), AWKWARD_MD), "x.docx")
    assert parsed.markdown == normalize_markdown(AWKWARD_MD)
    assert "第一章规定的事项，按本章办理。\n" in parsed.markdown  # a sentence, not a chapter heading
    assert (
        "| 项目 | **说明** |  |\n| --- | --- | --- |\n|  |  |  |\n| 甲 |  |  |\n| 第一行<br>第二行 | 乙 |  |\n"
        in parsed.markdown
    )
    cell = Document(render_version_docx(_meta(), AWKWARD_MD)).tables[0].cell(3, 0)._tc
    breaks = list(cell.iter(qn("w:br")))
    assert len(breaks) == 1 and breaks[0].getparent().tag == qn("w:r")  # a valid soft break
    assert "3. 从三开始\n4. 继续" in parsed.markdown and "### 四级标题" in parsed.markdown


def test_export_has_control_line_uncontrolled_and_controlled():
    doc = Document(render_version_docx(_meta(controlled=False), HOUSE_MD))
    for header in (doc.sections[0].header, doc.sections[0].even_page_header):
        assert [p.text for p in header.paragraphs] == [
            "示范市行政服务中心",
            "SF-ZD-017  版本 A/1  现行  2024年3月1日起施行  非受控（打印件）林书瑶 2026年11月23日 10:05 打印",
        ]
    doc = Document(render_version_docx(_meta(controlled=True, effective_date=None, status_label="草稿"), HOUSE_MD))
    header = doc.sections[0].header.paragraphs[1].text
    assert "受控 林书瑶" in header and "非受控" not in header and "起施行" not in header and "草稿" in header
    # the body keeps articles as plain 仿宋 paragraphs and chapters as Heading 1
    styles = {p.text: p.style.name for p in doc.paragraphs}
    assert styles["第一章 总则"] == "Heading 1" and styles["### 一、基本要求".lstrip("# ")] == "Heading 2"
    assert doc.tables[0].rows[1].cells[0].text == "仪容仪表"


def test_leading_title_heading_is_not_repeated():
    doc = Document(render_version_docx(_meta(), "# 窗口服务管理制度\n\n第一条　内容。\n"))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert texts == ["窗口服务管理制度", "第一条\u3000内容。"]


# ------------------------------------------------------------------ import of a Word file written by a person
def _user_document(doc):
    doc.add_paragraph("示范市行政服务中心首问负责制度", style="Title")
    doc.add_heading("第一章总则", level=1)
    doc.add_paragraph("第一条 为了明确首问责任，制定本制度。")
    doc.add_paragraph("　　第二条首问负责人应当热情接待。")  # manual indent, no space
    doc.add_paragraph("接待事项包括：")
    doc.add_paragraph("咨询", style="List Bullet")  # Word automatic numbering
    doc.add_paragraph("投诉", style="List Bullet")
    doc.add_paragraph("登记", style="List Number")
    doc.add_paragraph("转办", style="List Number")
    bold = doc.add_paragraph()
    bold.alignment = WD_ALIGN_PARAGRAPH.CENTER
    bold.add_run("第二章 附则").bold = True
    centred_sub = doc.add_paragraph()
    centred_sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    centred_sub.add_run("办理时限").bold = True
    mixed = doc.add_paragraph("本制度自")
    mixed.add_run("2026年1月5日").bold = True
    mixed.add_run("起施行。\n第三条　由办公室负责解释。")
    table = doc.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "事项", (0, 1): "时限", (1, 0): "咨询", (1, 1): "当场"}.items():
        table.cell(r, c).text = text
    doc.add_paragraph("")


def test_import_of_a_person_written_document():
    parsed = parse_docx(io.BytesIO(_docx_bytes(_user_document)), "首问负责制度.docx")
    assert parsed.title == "示范市行政服务中心首问负责制度"
    assert parsed.markdown == (
        "## 第一章 总则\n\n第一条\u3000为了明确首问责任，制定本制度。\n\n第二条\u3000首问负责人应当热情接待。\n\n"
        "接待事项包括：\n\n- 咨询\n- 投诉\n\n1. 登记\n2. 转办\n\n## 第二章 附则\n\n## 办理时限\n\n"
        "本制度自**2026年1月5日**起施行。\n\n第三条\u3000由办公室负责解释。\n\n"
        "| 事项 | 时限 |\n| --- | --- |\n| 咨询 | 当场 |\n"
    )


def test_import_export_import_gives_the_same_text():
    first = parse_docx(io.BytesIO(_docx_bytes(_user_document)), "a.docx")
    exported = render_version_docx(_meta(title=first.title), first.markdown)
    second = parse_docx(exported, "a.docx")
    assert second.title == first.title
    assert second.markdown == first.markdown
    third = parse_docx(render_version_docx(_meta(title=second.title), second.markdown), "a.docx")
    assert third.markdown == first.markdown


def _numbered(doc, num_id: str, fmt: str, lvl_text: str):
    """Add a Word numbering definition (as Word writes for 第%1条 auto-numbered articles)."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    root = doc.part.numbering_part.element
    root.insert(
        0,
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="{num_id}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{lvl_text}"/></w:lvl></w:abstractNum>'
        ),
    )
    root.append(parse_xml(f'<w:num {w} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))


def _use_numbering(paragraph, num_id: str):
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_word_automatic_article_and_chapter_numbers_become_text():
    def build(doc):
        _numbered(doc, "91", "chineseCounting", "第%1章")
        _numbered(doc, "92", "chineseCountingThousand", "第%1条")
        _use_numbering(doc.add_heading("总则", level=1), "91")
        for text in ["为了规范收件工作，制定本办法。", "收件应当当场核对材料。"]:
            _use_numbering(doc.add_paragraph(text), "92")
        _numbered(doc, "93", "chineseCounting", "（%1）")
        for text in ["身份证明；", "申请表。"]:
            _use_numbering(doc.add_paragraph(text), "93")
        _use_numbering(doc.add_heading("附则", level=1), "91")
        _use_numbering(doc.add_paragraph("本办法自印发之日起施行。"), "92")
        _numbered(doc, "94", "upperLetter", "%1)")
        _use_numbering(doc.add_paragraph("甲项"), "94")

    parsed = parse_docx(_docx_bytes(build), "收件办法.docx")
    assert parsed.markdown == (
        "## 第一章 总则\n\n第一条\u3000为了规范收件工作，制定本办法。\n\n"
        "第二条\u3000收件应当当场核对材料。\n\n（一）身份证明；\n\n（二）申请表。\n\n"
        "## 第二章 附则\n\n第三条\u3000本办法自印发之日起施行。\n\nA)甲项\n"
    )


def test_text_inside_hyperlinks_and_content_controls_is_kept():
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def build(doc):
        p = doc.add_paragraph("详见")
        p._p.append(parse_xml(f"<w:hyperlink {w}><w:r><w:t>中心网站</w:t></w:r></w:hyperlink>"))
        p._p.append(parse_xml(f"<w:del {w}><w:r><w:delText>已删除的字</w:delText></w:r></w:del>"))
        p.add_run("公告。")
        doc.element.body.insert(
            0,
            parse_xml(
                f"<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>第一条　控件中的条文。</w:t></w:r></w:p></w:sdtContent></w:sdt>"
            ),
        )

    parsed = parse_docx(_docx_bytes(build), "h.docx")
    assert parsed.markdown == "第一条\u3000控件中的条文。\n\n详见中心网站公告。\n"


def test_centred_large_line_becomes_title_without_title_style():
    def build(doc):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("投诉处理程序").font.size = Pt(22)
        doc.add_paragraph("第一条　投诉应当在五个工作日内答复。")

    parsed = parse_docx(_docx_bytes(build), "p.docx")
    assert parsed.title == "投诉处理程序" and parsed.markdown == "第一条\u3000投诉应当在五个工作日内答复。\n"


def test_parse_accepts_file_storage_like_streams_and_paths(tmp_path):
    data = _valid()
    path = tmp_path / "x.docx"
    path.write_bytes(data)
    stream = io.BytesIO(data)
    stream.read()  # already consumed: parse_docx rewinds
    assert (
        parse_docx(stream, "x.docx").markdown == parse_docx(str(path), "x.docx").markdown == "第一条\u3000正文内容。\n"
    )


# ------------------------------------------------------------------ hostile and unusable files
def test_not_a_zip():
    assert "不是有效的 .docx" in _refused("这只是一段文字，不是 Word 文档。".encode("utf-8"))
    assert "不是有效的 .docx" in _refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")


def test_wrong_extension_and_empty_file():
    assert "只能导入 .docx" in _refused(_valid(), "制度.pdf")
    assert "文件是空的" in _refused(b"")


def test_encrypted_document_is_refused():
    # An encrypted .docx is an OLE compound file holding an EncryptedPackage stream.
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2040)
    ole[1024 : 1024 + 32] = "EncryptedPackage".encode("utf-16-le")
    ole[1200 : 1200 + 28] = "EncryptionInfo".encode("utf-16-le")
    assert "已加密" in _refused(bytes(ole))


def test_legacy_doc_is_refused_with_advice():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024 + "WordDocument".encode("utf-16-le") + b"\x00" * 512
    msg = _refused(ole, "旧制度.docx")
    assert "旧版 Word（.doc）" in msg and "另存为" in msg


def test_zip_with_password_flag_is_refused():
    data = bytearray(_valid())
    # set the "encrypted" general-purpose flag bit in every local and central header
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(sig)
        while pos != -1:
            data[pos + offset] |= 0x01
            pos = data.find(sig, pos + 4)
    assert "已加密" in _refused(bytes(data))


def test_over_20_mb_is_refused(tmp_path):
    big = _rezip(_valid(), {})
    big = big + b"\x00" * (20 * 1024 * 1024 + 1 - len(big))
    assert "超过 20 MB" in _refused(big)


def test_zip_bomb_by_ratio_is_refused():
    payload = b"<w:document>" + b" " * (30 * 1024 * 1024) + b"</w:document>"  # ~30 KB once deflated
    data = _rezip(_valid(), {"word/document.xml": payload})
    assert len(data) < 1024 * 1024
    assert "疑似恶意构造的压缩包" in _refused(data)


def test_zip_bomb_by_total_size_is_refused(monkeypatch):
    import random

    rnd = random.Random(7)
    # moderately compressible parts: the ratio stays far below 100, only the total is too large
    chunk = bytes(rnd.getrandbits(8) for _ in range(40_000)) * 3
    data = _rezip(_valid(), {f"word/media/image{i}.bin": chunk for i in range(6)})
    assert parse_docx(io.BytesIO(data), "ok.docx").markdown  # fine under the real 200 MB cap
    monkeypatch.setattr(docx_io, "MAX_UNCOMPRESSED_BYTES", 500_000)
    assert "疑似恶意构造的压缩包" in _refused(data)


def test_missing_document_part():
    data = _rezip(_valid(), {}, drop=("word/document.xml",))
    assert "缺少 Word 正文" in _refused(data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert "缺少 Word 正文" in _refused(out.getvalue(), "表格.docx")


def _with_doctype(doctype: str, part="word/document.xml", encoding="utf-8") -> bytes:
    data = _valid()
    xml = zipfile.ZipFile(io.BytesIO(data)).read(part).decode("utf-8")
    decl, rest = xml.split("?>", 1)
    text = f"{decl}?>{doctype}{rest}"
    if encoding != "utf-8":
        text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return _rezip(data, {part: text.encode(encoding)})


def test_external_entity_is_refused():
    xxe = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    assert "DOCTYPE/ENTITY" in _refused(_with_doctype(xxe))


def test_billion_laughs_in_another_part_is_refused():
    lol = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    assert "DOCTYPE/ENTITY" in _refused(_with_doctype(lol, part="word/styles.xml"))


def test_doctype_hidden_in_utf16_part_is_refused():
    xxe = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "http://example.invalid/x">]>'
    assert "DOCTYPE/ENTITY" in _refused(_with_doctype(xxe, encoding="utf-16"))


def _with_types(data: bytes, extra: dict, defaults=(), overrides=()) -> bytes:
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").decode("utf-8")
    more = "".join(f'<Default Extension="{e}" ContentType="{t}"/>' for e, t in defaults)
    more += "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
    return _rezip(data, {"[Content_Types].xml": types.replace("</Types>", more + "</Types>").encode(), **extra})


def test_doctype_in_a_part_disguised_by_its_name_is_refused():
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]><x>&e;</x>'
    data = _with_types(
        _valid(), {"word/media/image9.png": evil}, overrides=[("/word/media/image9.png", "application/xml")]
    )
    assert "DOCTYPE/ENTITY" in _refused(data)


def test_images_are_not_mistaken_for_xml():
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>'
    png = b"\x89PNG\r\n\x1a\n" + b"<!DOCTYPE" + bytes(range(256))
    data = _with_types(
        _valid(),
        {"word/media/image1.svg": svg, "word/media/image2.png": png},
        defaults=[("svg", "image/svg+xml"), ("png", "image/png")],
    )
    assert parse_docx(io.BytesIO(data), "with-images.docx").markdown == "第一条\u3000正文内容。\n"


def test_package_without_content_types_is_corrupt():
    assert "已损坏" in _refused(_rezip(_valid(), {}, drop=("[Content_Types].xml",)))


def test_corrupt_document_xml():
    data = _rezip(_valid(), {"word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p>'})
    assert "已损坏" in _refused(data)


def test_corrupt_zip_member_crc():
    data = bytearray(_valid())
    pos = data.find(b"word/document.xml") + len("word/document.xml") + 40  # inside its deflated data
    data[pos] ^= 0xFF
    msg = _refused(bytes(data))
    assert "已损坏" in msg or "不是有效的 .docx" in msg


def test_document_without_text():
    def build(doc):
        doc.add_paragraph("")
        doc.add_paragraph("   ")
        doc.add_table(rows=2, cols=2)

    assert "没有可导入的文字内容" in _refused(_docx_bytes(build))


def test_errors_are_chinese_and_exceptions():
    err = DocxImportError("文档已损坏")
    assert isinstance(err, Exception) and str(err) == err.message == "文档已损坏"
