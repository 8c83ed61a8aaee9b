"""The audit trail page shows entries in words: object types, key names, dates, codes."""
from app.audit.hooks import details_html, object_label
from app.audit.services import record
from app.extensions import db


def test_details_in_words(app):
    html = str(details_html('{"due_on":"2026-12-11","state":"accepted","step":"complete","outcome":"approved",'
                            '"controlled":false,"odd_key":"x"}'))
    assert "到期日</span>：2026年12月11日" in html
    assert "状态</span>：已受理" in html and "步骤</span>：办结" in html and "办结结果</span>：准予" in html
    assert "受控</span>：否" in html
    assert "odd_key</span>：x" in html  # unknown keys are shown as stored, never hidden
    assert str(details_html("{}")) == "—"
    assert "&lt;b&gt;" in str(details_html('{"note":"<b>"}'))  # escaped
    assert object_label("document_version", "7") == "文件版本 7" and object_label("thing", None) == "thing"


def test_audit_page_shows_words_not_json(client, users, auth):
    record(users["admin"], "create", "rec_cases", 5, {"number": "BJ1", "received_on": "2026-01-05"})
    db.session.commit()
    auth.login(users["auditor"])
    page = client.get("/audit/").get_data(as_text=True)
    assert "办件 5" in page and "收件日期</span>：2026年1月5日" in page
    assert "&#34;received_on&#34;" not in page and '"received_on"' not in page
