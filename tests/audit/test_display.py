"""The audit trail page shows entries in words: object types, key names, dates, codes."""

from app.audit.filters import details_html, object_label
from app.audit.services import record
from app.extensions import db


def test_details_in_words(app):
    html = str(
        details_html(
            '{"due_on":"2026-12-11","state":"accepted","step":"complete","outcome":"approved",'
            '"controlled":false,"odd_key":"x"}'
        )
    )
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


def test_rooms_register_their_words_per_object_type(app):
    from app.audit import labels

    labels.register(
        "test_thing", "测试对象", actions={"poke": "戳"}, fields={"state": "阶段"}, values={"state": {"a": "甲"}}
    )
    try:
        assert object_label("test_thing", 3) == "测试对象 3" and labels.action_words("poke") == "戳"
        # the object type's own words first; other types keep the words their room registered
        assert "阶段</span>：甲" in str(details_html('{"state":"a"}', "test_thing"))
        assert "状态</span>：已受理" in str(details_html('{"state":"accepted"}', "rec_cases"))
    finally:
        labels.OBJECTS.pop("test_thing"), labels.FIELDS.pop("test_thing"), labels.VALUES.pop("test_thing")
        labels.ACTIONS.pop("poke"), labels.ALL_VALUES["state"].pop("a")


def test_the_audit_room_imports_no_other_room():
    from pathlib import Path

    from tests import layers

    app_dir = Path(__file__).resolve().parents[2] / "app"
    graph = layers.imports_of(app_dir)
    rooms = {
        layers.room_of(target)
        for module, imported in graph.items()
        if module.startswith("app.audit")
        for target, _ in imported
    } - {None, "audit"}
    # the centers room is the one below it: every entry belongs to a center (CenterOwned) and the
    # chain is read across centers; centers itself imports no room (tests/centers)
    assert rooms <= {"centers"}
