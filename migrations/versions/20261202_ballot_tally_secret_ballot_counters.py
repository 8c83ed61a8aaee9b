"""a secret ballot that stays secret (issue 12 item 4)

The ballot rows (one per choice, written beside the voter's receipt) are replaced by a counter
on each nomination, raised in the voter's transaction: row order, ids or times can no longer
link a voter to a choice. Each nomination's tally is counted from its ballots before the ballot
table goes; the downgrade writes the tallies back as ballot rows.

Revision ID: 20261202_ballot_tally
Revises: 20261202_assessment_evidence
Create Date: 2026-12-02 20:00:00

"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "20261202_ballot_tally"
down_revision = "20261202_assessment_evidence"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("assessment_nominations", sa.Column("tally", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE assessment_nominations SET tally = (SELECT COUNT(*) FROM assessment_ballots b"
        " WHERE b.nomination_id = assessment_nominations.id)"
    )
    with op.batch_alter_table("assessment_ballots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_ballots_cycle_id"))
    op.drop_table("assessment_ballots")


def downgrade():
    bind = op.get_bind()
    tallies = [tuple(r) for r in bind.execute(sa.text("SELECT id, cycle_id, tally FROM assessment_nominations"))]
    # Drop the column first: the table rebuild on SQLite needs foreign keys off, which only takes
    # effect before any row is written in this run (DDL runs outside a transaction there).
    if bind.dialect.name == "sqlite":
        op.execute("PRAGMA foreign_keys=OFF")
    with op.batch_alter_table("assessment_nominations", schema=None) as batch_op:
        batch_op.drop_column("tally")
    if bind.dialect.name == "sqlite":
        op.execute("PRAGMA foreign_keys=ON")
    op.create_table(
        "assessment_ballots",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["assessment_exemplar_cycles.id"],
            name=op.f("fk_assessment_ballots_cycle_id_assessment_exemplar_cycles"),
        ),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["assessment_nominations.id"],
            name=op.f("fk_assessment_ballots_nomination_id_assessment_nominations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_ballots")),
    )
    with op.batch_alter_table("assessment_ballots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_ballots_cycle_id"), ["cycle_id"], unique=False)
    rows = [
        {"id": uuid.uuid4().hex, "cycle_id": cycle_id, "nomination_id": nid}
        for nid, cycle_id, tally in tallies
        for _ in range(tally or 0)
    ]
    if rows:
        op.bulk_insert(
            sa.table("assessment_ballots", sa.column("id"), sa.column("cycle_id"), sa.column("nomination_id")), rows
        )
