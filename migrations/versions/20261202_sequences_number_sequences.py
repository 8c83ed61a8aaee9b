"""number sequences (issue 11): collision-free running numbers

number_sequences holds one row per number prefix (e.g. BJ20260603); a number is taken with one
UPDATE … RETURNING, so two concurrent writers never get the same 办件编号.

Revision ID: 20261202_sequences
Revises: 20261202_jobs
Create Date: 2026-12-02 19:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_sequences"
down_revision = "20261202_jobs"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "number_sequences",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_number_sequences")),
    )


def downgrade():
    op.drop_table("number_sequences")
