"""Issue 11 item 5: a .docx is bounded before any parser sees it: text per document (MAX_TEXT_CHARS),
XML read as streams against a running budget, a ratio bound for non-trivial members, a time bound.
A file at the cap is refused after reading at most the XML budget (plus one read chunk) of
decompressed bytes, with at most 100 MB extra memory; its time is measured by
`bench/reliability.py upload`, not here."""

import io
import os
import time
import tracemalloc
import zipfile

import pytest
from docx import Document

from app.documents import docx_io
from app.documents.docx_io import DocxImportError, parse_docx


def _docx_with(xml_body: bytes) -> bytes:
    """A valid package whose word/document.xml body is replaced by `xml_body`."""
    base = io.BytesIO()
    Document().save(base)
    src = zipfile.ZipFile(io.BytesIO(base.getvalue()))
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("word/document.xml", head + xml_body + b"</w:body></w:document>")
    return out.getvalue()


def _paragraphs(chars: int, per=100) -> bytes:
    line = ("窗口工作人员应当首问负责一次告知" * 10)[:per].encode()
    return b"".join(b"<w:p><w:r><w:t>" + line + b"</w:t></w:r></w:p>" for _ in range(chars // per + 1))


CHUNK = 1 << 18  # docx_io._scan_member reads members in 256 KB chunks
READ_BOUND = docx_io.MAX_XML_BYTES + CHUNK


def _refuse_measured(data: bytes) -> tuple[str, int, int]:
    """(message, decompressed bytes read from the package before the refusal, memory peak)."""
    read = [0]
    real_read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        out = real_read(self, n)
        read[0] += len(out)
        return out

    zipfile.ZipExtFile.read = counting_read
    tracemalloc.start()
    try:
        with pytest.raises(DocxImportError) as exc:
            parse_docx(io.BytesIO(data), "上限.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        zipfile.ZipExtFile.read = real_read
    return exc.value.message, read[0], peak


def test_text_at_the_cap_is_refused_fast_and_small():
    data = _docx_with(_paragraphs(docx_io.MAX_TEXT_CHARS + 100))
    message, read, peak = _refuse_measured(data)
    assert "万字" in message and "上限" in message
    assert 0 < read <= READ_BOUND, read
    assert peak < 100 * 1024 * 1024, peak


def test_text_under_the_cap_is_counted_across_chunks():
    # runs straddle the 256 KB read chunks: the count must still see every character
    body = _paragraphs(200_000, per=97)
    chars = sum(1 for _ in range(200_000 // 97 + 1)) * 97
    zf = zipfile.ZipFile(io.BytesIO(_docx_with(body)))
    info = zf.getinfo("word/document.xml")
    with zf.open(info) as fh:
        _, _, counted = docx_io._scan_member(fh, info, [1 << 30], time.monotonic() + 60, True)
    assert counted == chars


def test_xml_expanding_past_the_budget_is_refused_while_streaming():
    # 40 MB of markup with random attributes: ratio about 5:1 (far under 100), no text at all;
    # only the running XML budget stops it, long before python-docx would parse it
    rnd = os.urandom(1_300_000).hex().encode()
    body = b"".join(b'<w:p w:rsidR="' + rnd[i : i + 8] + b'"/>' for i in range(0, len(rnd) - 8, 2))
    assert len(body) > docx_io.MAX_XML_BYTES
    message, read, peak = _refuse_measured(_docx_with(body))
    assert "疑似恶意构造的压缩包" in message
    assert docx_io.MAX_XML_BYTES < read <= READ_BOUND < len(body), read  # stopped at the budget, not the end
    assert peak < 100 * 1024 * 1024


def test_the_issue_bomb_88_to_1_is_refused():
    # like the issue's 1.8 MB file that expands to 150 MB: highly repetitive markup (ratio > 100 here)
    body = b'<w:p><w:pPr><w:jc w:val="both"/></w:pPr></w:p>' * (150 * 1024 * 1024 // 46)
    data = _docx_with(body)
    message, read, peak = _refuse_measured(data)
    assert "疑似恶意构造的压缩包" in message and read <= READ_BOUND and peak < 100 * 1024 * 1024


def test_checks_are_bounded_in_time(monkeypatch):
    monkeypatch.setattr(docx_io, "MAX_CHECK_SECONDS", 0.0)
    data = _docx_with(_paragraphs(20_000))
    assert "检查超时" in _refuse_measured(data)[0]
