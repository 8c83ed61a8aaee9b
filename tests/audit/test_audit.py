from app.audit.logic.chain import GENESIS, verify_chain
from app.audit.models import AuditEntry
from app.audit.services import record, verify
from app.extensions import db


def _three_entries(user):
    for i in range(3):
        record(user, "update", "thing", i, {"n": i, "文字": "中文"})
    db.session.commit()


def test_chain_links_each_entry_to_the_previous(app, users):
    _three_entries(users["admin"])
    rows = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert rows[0].prev_hash == GENESIS
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert verify().intact


def test_verify_catches_an_edited_row(app, users):
    _three_entries(users["admin"])
    db.session.execute(db.text("UPDATE audit_entries SET details = :d WHERE object_id = '1'"), {"d": '{"n":99}'})
    db.session.commit()
    breaks = verify().breaks
    assert len(breaks) == 1 and "修改" in breaks[0].reason


def test_verify_catches_a_removed_row(app, users):
    _three_entries(users["admin"])
    middle = db.session.scalar(db.select(AuditEntry).filter_by(object_id="1"))
    db.session.execute(db.text("DELETE FROM audit_entries WHERE id = :id"), {"id": middle.id})
    db.session.commit()
    breaks = verify().breaks
    assert breaks and "删除" in breaks[0].reason


def test_rolled_back_change_leaves_no_entry(app, users):
    record(users["admin"], "create", "thing", 1, {})
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 0


def test_cli_verify_exit_codes(app, users):
    _three_entries(users["admin"])
    runner = app.test_cli_runner()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    db.session.execute(db.text("UPDATE audit_entries SET action = 'login' WHERE object_id = '2'"))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "第" in result.output


def test_pure_verify_on_plain_objects():
    assert verify_chain([], b"k" * 32).intact


def test_auditor_browses_and_filters(client, users, auth):
    _three_entries(users["admin"])
    auth.login(users["auditor"])
    page = client.get("/audit/?action=update").get_data(as_text=True)
    assert page.count("thing") == 3
    assert "thing" not in client.get("/audit/?action=approve").get_data(as_text=True)
