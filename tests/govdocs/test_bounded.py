"""Issue 11 items 5, 8, 9 for 政府文件: macro parts never reach readers, long titles are refused with
a message (not cut), a text over the per-document cap is refused."""

import io
import zipfile

import pytest

from app.documents.docx_io import MAX_TEXT_CHARS
from app.extensions import db
from app.govdocs import services
from app.govdocs.logic.extract import ExtractError, extract, macro_parts, strip_macros
from app.govdocs.models import GovDocument

from .test_govdocs import make_docx

MACRO_CT = "application/vnd.ms-word.document.macroEnabled.main+xml"


def with_macro(data: bytes) -> bytes:
    """The same .docx with a VBA project as Word writes it for a .docm."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            raw = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                raw = raw.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    MACRO_CT.encode(),
                )
                raw = raw.replace(
                    b"</Types>",
                    b'<Override PartName="/word/vbaProject.bin" '
                    b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            if info.filename == "word/_rels/document.xml.rels":
                raw = raw.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/'
                    b'office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
                )
            dst.writestr(info.filename, raw)
        dst.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b'Attribute VB_Name = "AutoOpen"' * 50)
    return out.getvalue()


def test_macro_parts_are_found_and_stripped():
    data = with_macro(make_docx("关于进一步优化营商环境的通知", "各有关单位：现将有关事项通知如下。"))
    assert macro_parts(data) == ["word/vbaProject.bin"]
    clean = strip_macros(data)
    zf = zipfile.ZipFile(io.BytesIO(clean))
    assert "word/vbaProject.bin" not in zf.namelist()
    assert b"vbaProject" not in zf.read("[Content_Types].xml") and b"macroEnabled" not in zf.read("[Content_Types].xml")
    assert b"vbaProject" not in zf.read("word/_rels/document.xml.rels")
    assert macro_parts(clean) == []
    assert "现将有关事项通知如下" in extract(clean, "通知.docx").text  # still a readable Word file


def test_macro_upload_is_refused_with_a_message(app, users):
    data = with_macro(make_docx("关于进一步优化营商环境的通知", "各有关单位：现将有关事项通知如下。"))
    with pytest.raises(services.GovDocError, match="宏"):
        services.upload(users["doc_manager"], data, "通知.docx", services.Meta())
    assert db.session.scalar(db.select(db.func.count()).select_from(GovDocument)) == 0


def test_a_stored_original_with_macros_is_served_without_them(app, client, auth, users):
    data = make_docx("关于进一步优化营商环境的通知", "各有关单位：现将有关事项通知如下。")
    doc = services.upload(users["doc_manager"], data, "通知.docx", services.Meta())
    with open(services.file_path(doc), "wb") as fh:  # as stored before this check existed
        fh.write(with_macro(data))
    auth.login(users["window_staff"])
    r = client.get(f"/govdocs/{doc.id}/file")
    assert r.status_code == 200
    assert macro_parts(r.data) == [] and "word/vbaProject.bin" not in zipfile.ZipFile(io.BytesIO(r.data)).namelist()


def test_long_title_is_refused_with_a_message_not_cut(app, users):
    data = make_docx("各有关单位：现将有关事项通知如下。")
    with pytest.raises(services.GovDocError, match="标题.*300"):
        services.upload(users["doc_manager"], data, "通知.docx", services.Meta(title="关于" * 200 + "的通知"))
    with pytest.raises(services.GovDocError, match="标题.*300"):  # the title taken from the file name
        services.upload(users["doc_manager"], data, "关于" + "优化" * 200 + "的通知.docx", services.Meta())


def test_text_over_the_cap_is_refused():
    text = ("第一条　为了规范行政服务，制定本办法。\n" * (MAX_TEXT_CHARS // 18 + 10)).encode()
    with pytest.raises(ExtractError, match="万字"):
        extract(text, "很长的办法.txt")
