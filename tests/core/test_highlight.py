from app.core.highlight import mark_html, terms_from_query


def test_terms_keep_phrases_and_drop_or_and_exclusions():
    assert terms_from_query('"首问 负责" 限时办结 OR 告知 -废止') == ["首问 负责", "限时办结", "告知"]


def test_marks_text_only_never_inside_tags():
    html = '<p title="行政许可">实施行政许可应当<a href="/x">行政许可</a>。</p>'
    out = str(mark_html(html, "行政许可"))
    assert 'title="行政许可"' in out  # attribute untouched
    assert out.count("<mark") == 2
    assert '<mark id="hl-1">行政许可</mark>' in out


def test_no_query_leaves_html_alone_and_script_stays_escaped():
    assert str(mark_html("<p>正文</p>", "")) == "<p>正文</p>"
    out = str(mark_html("<p>&lt;script&gt;</p>", "<script>"))
    assert "<script>" not in out and "<mark" in out


def test_version_page_marks_the_searched_passage(app, client, users, auth):
    from datetime import date

    from app.documents.models import Document, DocumentVersion
    from app.extensions import db

    doc = Document(kind="rule", number="SF-ZD-900", seq=900, title="首问负责制度")
    v = DocumentVersion(
        document=doc,
        revision="A/0",
        content_md="第一条　窗口实行首问负责制。",
        status="approved",
        effective_date=date(2020, 1, 1),
    )
    db.session.add_all([doc, v])
    db.session.commit()
    auth.login(users["window_staff"])
    page = client.get(f"/documents/versions/{v.id}?hl=首问负责").get_data(as_text=True)
    assert '<mark id="hl-1">首问负责</mark>' in page
