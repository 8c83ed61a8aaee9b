"""Government-document library: extraction, hostile files, duplicates, upload form, folder import."""

import io
import zipfile
from datetime import date

import pytest
from docx import Document as Docx

from app.extensions import db
from app.govdocs.logic.extract import ExtractError, extract, meta_from_name
from app.govdocs.models import GovDocument
from app.search.backend import get_backend


def make_docx(*paragraphs) -> bytes:
    d = Docx()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_pdf(text: str, encrypt: bool = False) -> bytes:
    """A one-page PDF with `text` in Helvetica, written by hand (pypdf only reads it)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    data = out.getvalue()
    if encrypt:
        from pypdf import PdfReader, PdfWriter

        w = PdfWriter()
        for page in PdfReader(io.BytesIO(data)).pages:
            w.add_page(page)
        w.encrypt("secret")
        buf = io.BytesIO()
        w.write(buf)
        data = buf.getvalue()
    return data


def test_extracts_text_from_each_format():
    assert "一次性告知" in extract(make_docx("关于落实一次性告知制度的通知", "窗口应当一次性告知。"), "a.docx").text
    assert "Administrative licensing 2024" in extract(make_pdf("Administrative licensing 2024"), "a.pdf").text
    assert extract("限时办结".encode("gb18030"), "a.txt").text == "限时办结"
    got = extract("# 首问负责制规定\n\n正文内容".encode(), "x.md")
    assert got.title == "首问负责制规定" and "正文内容" in got.text


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"PK\x03\x04 not really a zip", "bad.docx", "不是有效的 .docx"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00",
            "locked.docx",
            "已加密",
        ),
        (b"%PDF-1.4 garbage", "bad.pdf", "已损坏"),
        (b"", "empty.txt", "空"),
        (b"   \n  ", "blank.md", "没有可读取的文字"),
        (b"hello", "virus.exe", "不支持的文件类型"),
    ],
)
def test_unreadable_or_hostile_files_get_a_chinese_message(data, name, message):
    with pytest.raises(ExtractError) as exc:
        extract(data, name)
    assert message in str(exc.value)


def test_encrypted_pdf_zip_bomb_and_oversize_are_refused():
    with pytest.raises(ExtractError, match="已加密"):
        extract(make_pdf("secret text", encrypt=True), "locked.pdf")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b" " * (210 * 1024 * 1024))
    with pytest.raises(ExtractError, match="异常"):
        extract(buf.getvalue(), "bomb.docx")
    with pytest.raises(ExtractError, match="上限"):
        extract(b"x" * 2000, "big.txt", max_bytes=1000)


def test_title_and_date_from_file_name():
    assert meta_from_name("laws/刑法/刑法修正案（十二）(2023-12-29).md") == ("刑法修正案（十二）", date(2023, 12, 29))
    assert meta_from_name("其他/劳动仲裁指南.md") == ("劳动仲裁指南", None)


def test_upload_form_saves_file_text_and_metadata_and_refuses_duplicates(app, client, users, auth):
    auth.login(users["doc_manager"])
    data = make_docx("关于全面推行首问负责制的通知", "首问责任人应当热情接待。")
    form = {
        "title": "",
        "issuer": "示范市人民政府办公室",
        "doc_number": "示政办〔2024〕12号",
        "issued_on": "2024-03-08",
        "category": "政务服务",
        "validity": "现行有效",
    }
    r = client.post(
        "/govdocs/upload",
        data={**form, "file": (io.BytesIO(data), "首问负责制.docx")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 302
    doc = db.session.scalar(db.select(GovDocument))
    assert (
        doc.title == "关于全面推行首问负责制的通知"
        and doc.doc_number == "示政办〔2024〕12号"
        and doc.issued_on == date(2024, 3, 8)
    )
    assert "首问责任人" in doc.text
    from app.govdocs.services import file_path

    with open(file_path(doc), "rb") as fh:
        assert fh.read() == data
    assert [h.key for h in get_backend().search("首问责任人").hits] == [f"gd:{doc.id}"]
    r = client.post(
        "/govdocs/upload", data={**form, "file": (io.BytesIO(data), "again.docx")}, content_type="multipart/form-data"
    )
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "该文件已在库中" in html and f"/govdocs/{doc.id}" in html
    assert 'value="示政办〔2024〕12号"' in html  # the form is re-shown with the typed values
    assert db.session.scalar(db.select(db.func.count(GovDocument.id))) == 1
    r = client.post(
        "/govdocs/upload",
        data={**form, "file": (io.BytesIO(b"PK\x03\x04junk"), "bad.docx")},
        content_type="multipart/form-data",
    )
    assert "不是有效的 .docx" in r.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(GovDocument.id))) == 1
    assert "请选择要上传的文件" in client.post("/govdocs/upload", data=form).get_data(as_text=True)
    assert client.get(f"/govdocs/{doc.id}/file").data == data


def test_window_staff_reads_but_cannot_upload(app, client, users, auth):
    auth.login(users["window_staff"])
    assert client.get("/govdocs/").status_code == 200
    assert client.get("/govdocs/upload").status_code == 403


def test_import_dir_loads_a_folder_like_the_law_corpus(app, users, tmp_path):
    root = tmp_path / "laws"
    (root / "行政法").mkdir(parents=True)
    (root / "其他").mkdir()
    (root / "行政法" / "行政许可法(2019-04-23).md").write_text(
        "# 中华人民共和国行政许可法\n\n第一条 为了规范行政许可的设定和实施。\n", encoding="utf-8"
    )
    (root / "行政法" / "政府信息公开条例.md").write_text(
        "# 政府信息公开条例\n\n2007年4月5日 国务院令公布\n\n第一条 公开政府信息。\n", encoding="utf-8"
    )
    (root / "其他" / "副本.md").write_text(
        "# 行政许可法释义\n\n第二条 本法所称行政许可，是指行政机关准予申请人从事特定活动的行为。\n", encoding="utf-8"
    )
    (root / "其他" / "坏文件.docx").write_bytes(b"not a zip")
    (root / "其他" / "说明.json").write_text("{}", encoding="utf-8")
    (root / "行政法" / "重复副本.md").write_bytes((root / "行政法" / "行政许可法(2019-04-23).md").read_bytes())
    result = app.test_cli_runner().invoke(args=["documents", "import-dir", str(root), "--user", "admin"])
    assert result.exit_code == 0, result.output
    assert "导入 3 个，跳过 2 个（重复或类型不支持），拒绝 1 个。" in result.output
    assert "拒绝 其他/坏文件.docx" in result.output
    docs = {d.title: d for d in db.session.scalars(db.select(GovDocument))}
    assert docs["中华人民共和国行政许可法"].issued_on == date(2019, 4, 23)
    assert docs["中华人民共和国行政许可法"].category == "行政法"
    assert docs["政府信息公开条例"].issued_on == date(2007, 4, 5)
    assert [h.key for h in get_backend().search("规范行政许可", per_page=None).hits]
    again = app.test_cli_runner().invoke(args=["documents", "import-dir", str(root), "--user", "admin"])
    assert "导入 0 个" in again.output


def test_upload_over_the_size_limit_gets_a_chinese_message(app, client, users, auth):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    auth.login(users["admin"])
    r = client.post(
        "/govdocs/upload",
        data={"file": (io.BytesIO(b"x" * (1024 * 1024 + 10)), "big.txt"), "validity": "现行有效"},
        content_type="multipart/form-data",
    )
    assert r.status_code == 413
    assert "文件超过 1 MB 的上限" in r.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(GovDocument.id))) == 0


def test_title_comes_from_the_file_heading_or_first_line():
    """Found on the QA tour: a .docx with a heading and a .txt with a title line got the file name."""
    from docx import Document as Docx

    from app.govdocs.logic.extract import guess_title

    d = Docx()
    d.add_heading("关于规范窗口延时服务的通知", 1)
    d.add_paragraph("各窗口单位：自即日起实行延时服务。")
    buf = io.BytesIO()
    d.save(buf)
    assert extract(buf.getvalue(), "yanshi.docx").title == "关于规范窗口延时服务的通知"
    assert (
        extract("关于加快办结积案的通知\n\n各窗口应当清理积案。".encode(), "jiean.txt").title
        == "关于加快办结积案的通知"
    )
    assert guess_title("各窗口单位：\n正文。") is None
    assert guess_title("示政办〔2024〕12号\n关于某事的通知\n正文。") == "关于某事的通知"
    assert guess_title("这是正文的第一句话，没有标题。") is None


def test_duplicate_of_a_withdrawn_file_says_so(app, client, users, auth):
    from app.govdocs import services

    auth.login(users["doc_manager"])
    data = make_docx("关于某事的通知", "正文。")
    client.post(
        "/govdocs/upload",
        data={"file": (io.BytesIO(data), "a.docx"), "validity": "现行有效"},
        content_type="multipart/form-data",
    )
    doc = db.session.scalar(db.select(GovDocument))
    services.withdraw(users["doc_manager"], doc, "误传", doc.row_version)
    html = client.post(
        "/govdocs/upload",
        data={"file": (io.BytesIO(data), "b.docx"), "validity": "现行有效"},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "后已撤下" in html and "误传" in html and "（已撤下）" in html
    assert db.session.scalar(db.select(db.func.count(GovDocument.id))) == 1


def test_markdown_headings_show_as_headings_not_hash_marks(app, client, users, auth):
    auth.login(users["doc_manager"])
    d = Docx()
    d.add_heading("关于规范窗口延时服务的通知", 1)
    d.add_paragraph("实行延时服务。")
    buf = io.BytesIO()
    d.save(buf)
    client.post(
        "/govdocs/upload",
        data={"file": (io.BytesIO(buf.getvalue()), "y.docx"), "validity": "现行有效"},
        content_type="multipart/form-data",
    )
    doc = db.session.scalar(db.select(GovDocument))
    html = client.get(f"/govdocs/{doc.id}?hl=延时").get_data(as_text=True)
    assert '<h2 class="govdoc-heading">关于规范窗口<mark id="hl-1">延时</mark>服务的通知</h2>' in html
    assert "## " not in html


@pytest.mark.parametrize("sent", [{}, {"row_version": "7"}], ids=["no version", "stale version"])
def test_withdraw_without_the_loaded_version_is_refused(app, client, users, auth, sent):
    auth.login(users["doc_manager"])
    client.post(
        "/govdocs/upload",
        data={"file": (io.BytesIO(make_docx("关于某事的通知", "正文。")), "a.docx"), "validity": "现行有效"},
        content_type="multipart/form-data",
    )
    doc = db.session.scalar(db.select(GovDocument))
    html = client.post(f"/govdocs/{doc.id}/withdraw", data={"reason": "误传", **sent}, follow_redirects=True)
    assert html.status_code == 200
    assert "请刷新页面" in html.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(GovDocument, doc.id).voided_at is None


def test_withdraw_with_the_loaded_version_takes_it_out(app, client, users, auth):
    auth.login(users["doc_manager"])
    client.post(
        "/govdocs/upload",
        data={"file": (io.BytesIO(make_docx("关于某事的通知", "正文。")), "a.docx"), "validity": "现行有效"},
        content_type="multipart/form-data",
    )
    doc = db.session.scalar(db.select(GovDocument))
    page = client.post(
        f"/govdocs/{doc.id}/withdraw", data={"reason": "误传", "row_version": doc.row_version}, follow_redirects=True
    )
    assert "已撤下该文件" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(GovDocument, doc.id).void_reason == "误传"
