"""Issue 11, finding 1: each of 12 tamperings of the audit table is detected and located, and the
chain key and checkpoint live outside the database."""

import os
import stat

import pytest

from app.audit.keys import EvidenceKeyError, master_key
from app.audit.logic.chain import verify_chain
from app.audit.models import AuditEntry
from app.audit.services import checkpoint_path, last_checkpoint, record, verify, write_checkpoint
from app.extensions import db

from .tamperings import TAMPERINGS, TARGET


def _trail(user, n=60):
    for i in range(n):
        record(user, "update", "thing", i, {"n": i})
    db.session.commit()


@pytest.mark.parametrize("tamper", TAMPERINGS, ids=[t.__name__ for t in TAMPERINGS])
def test_each_tampering_is_detected_and_located(app, users, tamper):
    _trail(users["admin"])
    before = db.session.scalar(db.select(db.func.count(AuditEntry.id)))
    assert verify().intact  # writes the checkpoint
    db.session.remove()
    with db.engine.begin() as conn:
        where = tamper(conn)
    state = verify()
    assert not state.intact
    report = "\n".join(str(b) for b in state.breaks)
    if where is not None:
        assert f"第 {where} 条" in report, report
    else:
        assert f"全部 {before} 条记录被删除" in report
    # A broken chain is never sealed: the next run still sees it.
    assert not verify().intact


def test_cli_names_the_range_in_chinese_and_exits_non_zero(app, users):
    _trail(users["admin"])
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0 and "审计链完整" in ok.output
    db.session.execute(db.text("DELETE FROM audit_entries WHERE id > 10"))
    db.session.commit()
    bad = runner.invoke(args=["audit", "verify"])
    total = 60 + len(users)  # user creation is not audited by make_user; count from the checkpoint
    assert bad.exit_code == 1
    assert "第 11 条至第" in bad.output and "末尾的记录被删除" in bad.output, bad.output
    assert total >= 60


def test_username_is_covered(app, users):
    _trail(users["admin"], n=3)
    db.session.execute(db.text("UPDATE audit_entries SET username = 'auditor' WHERE id = 2"))
    db.session.commit()
    assert [b.entry_id for b in verify().breaks] == [2]


def test_key_file_is_private_generated_once_and_not_the_session_key(app, users):
    _trail(users["admin"], n=1)
    path = app.config["AUDIT_KEY_FILE"]
    assert path.startswith(str(app.config["UPLOAD_DIR"]).rsplit("/", 1)[0])
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    first = open(path).read()
    app.extensions.pop("hallmark_keys")
    master_key()
    assert open(path).read() == first
    assert app.config["SECRET_KEY"].encode() != master_key()
    # the key is not in the database
    assert first.strip() not in str(db.session.execute(db.text("SELECT * FROM audit_entries")).all())


def test_session_key_is_refused_as_audit_key(app):
    app.config["AUDIT_KEY"] = app.config["SECRET_KEY"] = "x" * 40
    app.extensions.pop("hallmark_keys", None)
    with pytest.raises(EvidenceKeyError):
        master_key()


def test_another_key_breaks_every_row(app, users):
    _trail(users["admin"], n=5)
    app.config["AUDIT_KEY"] = "another-key-of-at-least-32-characters!!"
    app.extensions.pop("hallmark_keys")
    state = verify()
    assert any(b.entry_id == 1 and b.last_id == 5 for b in state.breaks)


def test_checkpoint_is_signed_and_a_forged_one_is_caught(app, users):
    _trail(users["admin"], n=5)
    verify()
    cp = last_checkpoint()
    assert cp["count"] == 5 and cp["head_id"] == 5 and len(cp["sig"]) == 64
    with open(checkpoint_path(), "a") as fh:
        fh.write(
            '{"head_id": 3, "head_hash": "x", "count": 3, "legacy_rows": 0, "at": "2026-01-01T00:00:00", "sig": "00"}\n'
        )
    assert "检查点文件的签名不符" in str(verify().breaks[0])


def test_daily_checkpoint_refuses_to_seal_a_truncated_trail(app, users):
    _trail(users["admin"], n=5)
    write_checkpoint()
    db.session.execute(db.text("DELETE FROM audit_entries WHERE id >= 4"))
    db.session.commit()
    with pytest.raises(ValueError):
        write_checkpoint()
    result = app.test_cli_runner().invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 1 and "未写入新的检查点" in result.output


def test_rows_from_before_the_key_verify_as_a_prefix_only(app, users):
    from app.audit.logic.chain import GENESIS, legacy_entry_hash

    # Two entries written by the old code (unkeyed SHA-256), then new ones.
    prev = GENESIS
    for i in (1, 2):
        e = AuditEntry(
            id=i,
            at=db.func.now(),
            action="update",
            object_type="thing",
            object_id=str(i),
            details="{}",
            prev_hash=prev,
            hash="",
        )
        db.session.add(e)
        db.session.flush()
        db.session.refresh(e)
        e.hash = legacy_entry_hash(prev, e.at, None, "update", "thing", str(i), "{}")
        prev = e.hash
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # explicit ids do not advance PostgreSQL's sequence
        table = AuditEntry.__tablename__
        db.session.execute(db.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 2)"))
        db.session.commit()
    _trail(users["admin"], n=2)
    state = verify()
    assert state.intact and state.legacy_rows == 2
    assert last_checkpoint()["legacy_rows"] == 2


def test_pure_verify_on_nothing():
    assert verify_chain([], b"k" * 32).intact


def test_tampering_list_targets_the_middle():
    assert len(TAMPERINGS) == 12 and TARGET < 60


@pytest.mark.database  # builds its own app on the test database
def test_the_app_writes_a_daily_checkpoint_after_a_request(tmp_path):
    from app import create_app
    from app.config import TestConfig

    app = create_app(TestConfig(str(tmp_path), AUDIT_DAILY_CHECKPOINT=True))
    with app.app_context():
        db.create_all()
        record(None, "update", "thing", 1, {})
        db.session.commit()
        app.test_client().get("/login")
        assert last_checkpoint()["count"] == 1
        db.session.remove()
        db.engine.dispose()


def test_a_short_evidence_key_stops_the_start_up_with_its_reason(tmp_path):
    from app import create_app
    from app.audit.keys import EvidenceKeyError
    from app.config import TestConfig

    with pytest.raises(EvidenceKeyError, match="AUDIT_KEY 太短"):
        create_app(TestConfig(str(tmp_path), AUDIT_KEY="too-short"))
