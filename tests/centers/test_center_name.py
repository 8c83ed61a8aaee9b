"""A county's pages and papers carry the county's name, not the city's (the installation's
configured name is only the first center's)."""

import io

from docx import Document as Docx

from app.centers.context import acting_in
from app.documents.models import Document
from app.documents.services.transfer import export_docx
from app.extensions import db


def test_pages_name_the_center_of_who_is_signed_in(app, client, auth, counties):
    auth.login(counties.people["A"]["window_staff"])
    page = client.get("/").get_data(as_text=True)
    assert "甲县政务服务中心" in page
    assert app.config["CENTER_NAME"] not in page and "乙县政务服务中心" not in page
    auth.logout()
    auth.login(counties.people["city"]["window_staff"])
    assert app.config["CENTER_NAME"] in client.get("/").get_data(as_text=True)


def test_a_county_documents_word_copy_names_the_county(app, counties):
    admin = counties.people["A"]["admin"]
    with acting_in(counties.ids["A"]):
        doc = db.session.scalar(db.select(Document).where(Document.center_id == counties.ids["A"]).limit(1))
        version = doc.versions[-1]
        stream, _name = export_docx(admin, version, controlled=False)
        text = "\n".join(p.text for p in Docx(io.BytesIO(stream.getvalue())).paragraphs)
        headers = "\n".join(p.text for s in Docx(io.BytesIO(stream.getvalue())).sections for p in s.header.paragraphs)
    assert "甲县政务服务中心" in text + headers
    assert app.config["CENTER_NAME"] not in text + headers
