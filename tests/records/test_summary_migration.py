"""Migration 20261203_stats fills the case summary from the cases already there (SQLite and PostgreSQL)."""

from datetime import date, datetime

import pytest
from flask_migrate import upgrade
from sqlalchemy import insert

from app import create_app
from app.config import TestConfig
from app.extensions import db
from app.records.models import Case, Department, Window
from app.records.services import summary


def _reset(engine):
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(db.text("DROP SCHEMA public CASCADE"))
            conn.execute(db.text("CREATE SCHEMA public"))


def _case(n, window_id, received, **values):
    row = {
        "number": f"M{n:05d}",
        "window_id": window_id,
        "handling_class": "committed",
        "is_instant": False,
        "limit_days": 5,
        "applicant": "申请人",
        "applicant_phone": "",
        "state": "accepted",
        "is_open": True,
        "received_at": datetime(received.year, received.month, received.day, 9),
        "received_on": received,
        "stopped_workdays": 0,
        "note": "",
        "created_at": datetime(2026, 1, 1),
        "row_version": 1,
        "center_id": 1,
        "due_on": None,
        "completed_on": None,
        "used_days": None,
        "voided_at": None,
    }
    row.update(values)
    return row


@pytest.mark.database  # builds its own app on the test database
def test_the_migration_fills_the_summary_from_the_cases(tmp_path):
    app = create_app(TestConfig(str(tmp_path)))
    with app.app_context():
        _reset(db.engine)
        upgrade(revision="20261203_city")
        now = datetime(2026, 1, 1)
        with db.engine.begin() as conn:  # Core on a connection: no session hook, as before the migration
            assert conn.execute(db.text("SELECT min(id) FROM centers")).scalar() == 1  # made by 20261203_centers
            conn.execute(
                insert(Department.__table__),
                [{"id": 1, "name": "单位", "short_name": "", "created_at": now, "row_version": 1, "center_id": 1}],
            )
            conn.execute(
                insert(Window.__table__),
                [
                    {"id": w, "number": str(w), "name": f"窗口{w}", "department_id": 1, "created_at": now}
                    | {"row_version": 1, "center_id": 1}
                    for w in (1, 2)
                ],
            )
            done = {"state": "completed", "is_open": False, "used_days": 4}
            conn.execute(
                insert(Case.__table__),
                [
                    _case(1, 1, date(2025, 3, 3), due_on=date(2025, 3, 10), completed_on=date(2025, 3, 7), **done),
                    _case(2, 1, date(2025, 3, 28), due_on=date(2025, 4, 4), completed_on=date(2025, 4, 9), **done),
                    _case(3, 2, date(2025, 4, 1), is_instant=True, limit_days=0, due_on=date(2025, 4, 1))
                    | {"completed_on": date(2025, 4, 1), "state": "completed", "is_open": False, "used_days": 0},
                    _case(4, 2, date(2025, 4, 2), voided_at=now),
                    _case(5, 2, date(2025, 4, 3), state="withdrawn", is_open=False, completed_on=date(2025, 4, 4)),
                    _case(6, 1, date(2025, 4, 7)),
                ],
            )
            if conn.dialect.name == "postgresql":  # explicit ids above: move the sequences on
                for table in ("rec_departments", "rec_windows"):
                    conn.execute(db.text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"))
        upgrade()
        with db.engine.connect() as conn:
            kept, computed = summary.stored(conn), summary.computed(conn)
        assert kept == computed
        assert kept[(1, 1, 2025, 3)]["received"] == 2 and kept[(1, 1, 2025, 3)]["on_time"] == 1
        assert kept[(1, 1, 2025, 4)]["overdue"] == 1 and kept[(1, 2, 2025, 4)]["received"] == 2  # one voided
        assert kept[(1, 2, 2025, 4)]["completed"] == 1  # the withdrawn case is not completed
        _reset(db.engine)
        db.engine.dispose()
