"""cache stamps in the database (issue 13 item 5): kept page values stay right across app servers

Revision ID: 20261202_cache_stamps
Revises: 20261202_hall_ticket_item
Create Date: 2026-12-02 20:05:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_cache_stamps"
down_revision = "20261202_hall_ticket_item"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cache_stamps",
        sa.Column("topic", sa.String(length=60), nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("topic", name=op.f("pk_cache_stamps")),
    )


def downgrade():
    op.drop_table("cache_stamps")
