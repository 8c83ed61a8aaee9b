"""The rename of 服务标兵 tables (model → exemplar) keeps every row and every reference, both ways."""

import re
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade

from app import create_app
from app.config import TestConfig
from app.extensions import db

MIGRATION = (
    Path(__file__).resolve().parents[2] / "migrations/versions/20261202_exemplars_rename_service_model_cycles.py"
)
BEFORE = re.search(r"^down_revision = [\"']([^\"']+)[\"']", MIGRATION.read_text(encoding="utf-8"), re.M).group(1)


@pytest.mark.database  # builds its own app on the test database
def test_rename_keeps_cycles_and_their_nominations(tmp_path):
    app = create_app(TestConfig(str(tmp_path)))
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(db.text("DROP SCHEMA public CASCADE"))
                conn.execute(db.text("CREATE SCHEMA public"))
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            conn.execute(
                db.text(
                    "INSERT INTO assessment_model_cycles (id, kind, year, number, status, staff_on_duty, window_count, created_at,"
                    " row_version) VALUES (7, 'month', 2026, 3, 'voting', 10, 5, '2026-03-01', 1)"
                )
            )
            conn.execute(
                db.text(
                    "INSERT INTO assessment_nominations (id, cycle_id, staff_id, staff_name, window_id, window_name, reason,"
                    " monthly_score, public_score, ineligible, withdrawn, selected, result_note, row_version)"
                    " VALUES (3, 7, 1, '林安', 1, '1号', '推荐', 100, 60, '', false, false, '', 1)"
                )
            )
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(db.text("SELECT id, year, number FROM assessment_exemplar_cycles")).all() == [
                (7, 2026, 3)
            ]
            assert conn.execute(
                db.text(
                    "SELECT n.staff_name FROM assessment_nominations n JOIN assessment_exemplar_cycles c ON c.id = n.cycle_id"
                )
            ).all() == [("林安",)]
            assert "assessment_model_cycles" not in db.inspect(conn).get_table_names()
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            assert conn.execute(db.text("SELECT id FROM assessment_model_cycles")).all() == [(7,)]
        downgrade(revision="base")
        db.engine.dispose()
