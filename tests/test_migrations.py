"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.config import TestConfig
from app.extensions import db


def _reset(engine):
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(db.text("DROP SCHEMA public CASCADE"))
            conn.execute(db.text("CREATE SCHEMA public"))


@pytest.mark.database  # builds its own app on the test database
def test_upgrade_matches_models_and_downgrade_works(tmp_path):
    config = TestConfig(str(tmp_path))
    app = create_app(config)
    with app.app_context():
        _reset(db.engine)
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
        assert diff == [], f"models and migrations differ: {diff[:5]}"
        downgrade(revision="base")
        with db.engine.connect() as conn:
            tables = set(db.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set()
        _reset(db.engine)
        db.engine.dispose()
