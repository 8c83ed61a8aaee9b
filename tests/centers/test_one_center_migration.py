"""Migration 20261203_centers carries a one-center installation (the demo center, as it was kept
before centers existed) into centers with nothing lost: every row of every table, every value,
each row then belonging to the one center (SQLite and PostgreSQL)."""

import hashlib

import pytest
from flask_migrate import downgrade, upgrade

from app import create_app
from app.config import TestConfig
from app.extensions import db

BEFORE_CENTERS = "20261202_cache_stamps"  # the revision 20261203_centers follows


def _reset(engine):
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(db.text("DROP SCHEMA public CASCADE"))
            conn.execute(db.text("CREATE SCHEMA public"))


def _contents(conn, columns_of: dict[str, list[str]] | None = None) -> dict[str, tuple[int, str]]:
    """Per table: row count and a digest of every row's values (in the columns given, else all)."""
    inspector = db.inspect(conn)
    found = {}
    for table in sorted(set(inspector.get_table_names()) - {"alembic_version"}):
        columns = (columns_of or {}).get(table) or [c["name"] for c in inspector.get_columns(table)]
        names = ", ".join(f'"{c}"' for c in columns)
        rows = conn.execute(db.text(f'SELECT {names} FROM "{table}"')).all()
        digest = hashlib.sha256("\n".join(sorted(repr(tuple(map(str, r))) for r in rows)).encode()).hexdigest()
        found[table] = (len(rows), digest, columns)
    return found


@pytest.mark.database  # builds its own app on the test database
@pytest.mark.slow  # loads the whole demo center
def test_a_one_center_installation_is_carried_into_centers_with_nothing_lost(tmp_path):
    app = create_app(TestConfig(str(tmp_path)))
    with app.app_context():
        _reset(db.engine)
        upgrade()
        result = app.test_cli_runner().invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output
        db.session.remove()
        downgrade(revision=BEFORE_CENTERS)  # the demo as a one-center installation kept it
        with db.engine.connect() as conn:
            before = _contents(conn)
            sequences = dict(conn.execute(db.text("SELECT name, value FROM number_sequences")).all())
            assert "centers" not in before and before["rec_cases"][0] > 100 and before["documents"][0] > 30
        upgrade()
        with db.engine.connect() as conn:
            after = _contents(conn, {table: columns for table, (_n, _d, columns) in before.items()})
            centers = conn.execute(db.text("SELECT id, parent_id FROM centers")).all()
            assert len(centers) == 1 and centers[0].parent_id is None
            owned = [
                t
                for t in db.inspect(conn).get_table_names()
                if "center_id" in {c["name"] for c in db.inspect(conn).get_columns(t)} and t in before
            ]
            assert len(owned) > 50
            for table in owned:
                other = conn.execute(
                    db.text(f'SELECT count(*) FROM "{table}" WHERE center_id IS NULL OR center_id <> :c'),
                    {"c": centers[0].id},
                ).scalar()
                assert other == 0, table
            # a number sequence is per center now: its name gains the center's id, its value stays
            moved = dict(conn.execute(db.text("SELECT name, value FROM number_sequences")).all())
            assert moved == {f"{centers[0].id}:{name}": value for name, value in sequences.items()} and sequences
        before.pop("number_sequences")
        lost = {t: (before[t][0], after.get(t, (0,))[0]) for t in before if before[t][:2] != after.get(t, (0, ""))[:2]}
        assert lost == {}, lost
        _reset(db.engine)
        db.engine.dispose()
