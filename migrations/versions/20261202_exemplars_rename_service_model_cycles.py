"""服务标兵 is named exemplar: assessment_model_cycles becomes assessment_exemplar_cycles

Only names change; every row stays. The table is renamed (the foreign keys of nominations,
voter receipts, ballots and appeals follow it), and on PostgreSQL its primary key, unique
constraint and id sequence take the new name too.

Revision ID: 20261202_exemplars
Revises: 20261202_hall_quarters
Create Date: 2026-12-02 19:10:00

"""

from alembic import op

revision = "20261202_exemplars"
down_revision = "20261202_hall_quarters"
branch_labels = None
depends_on = None

OLD, NEW = "assessment_model_cycles", "assessment_exemplar_cycles"


def _rename(old: str, new: str) -> None:
    op.rename_table(old, new)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(f"ALTER TABLE {new} RENAME CONSTRAINT pk_{old} TO pk_{new}")
        op.execute(f"ALTER TABLE {new} RENAME CONSTRAINT uq_{old}_period TO uq_{new}_period")
        op.execute(f"ALTER TABLE {new} RENAME CONSTRAINT fk_{old}_created_by_id_users TO fk_{new}_created_by_id_users")
        op.execute(f"ALTER SEQUENCE IF EXISTS {old}_id_seq RENAME TO {new}_id_seq")
        for table in (
            "assessment_nominations",
            "assessment_voter_receipts",
            "assessment_ballots",
            "assessment_appeals",
        ):
            op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT fk_{table}_cycle_id_{old} TO fk_{table}_cycle_id_{new}")
    else:  # SQLite keeps constraint names in the table's DDL: rebuild the table with the new name
        # Foreign keys off while the table is rebuilt (its rows keep their ids, so every reference
        # stays valid; checked below). Alembic runs SQLite DDL outside a transaction, so this holds.
        op.execute("PRAGMA foreign_keys=OFF")
        with op.batch_alter_table(new, recreate="always") as batch_op:
            batch_op.drop_constraint(f"uq_{old}_period", type_="unique")
            batch_op.create_unique_constraint(f"uq_{new}_period", ["kind", "year", "number"])
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        op.execute("PRAGMA foreign_keys=ON")
        if broken:
            raise RuntimeError(f"renaming {old} left broken references: {broken[:5]}")


def upgrade():
    _rename(OLD, NEW)


def downgrade():
    _rename(NEW, OLD)
