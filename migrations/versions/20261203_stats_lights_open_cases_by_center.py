"""stats: open cases indexed by center and window (the lights at 2 million cases)

Every read names its center since centers landed; for the lights counts per window (dashboard, home,
电子监察) SQLite then chose the center_id index (every case of the center) over the partial index of
open cases, whose first column (due_on) the counts leave open: 6 s at 2 million cases, 0.6 ms with
this index (issue 17 item 6).

Revision ID: 20261203_stats_lights
Revises: 20261203_hall_outbox
Create Date: 2026-12-03 06:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_stats_lights"
down_revision = "20261203_hall_outbox"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("rec_cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rec_cases_open_center",
            ["center_id", "window_id", "yellow_on", "due_on", "voided_at"],
            unique=False,
            sqlite_where=sa.text("is_open = 1"),
            postgresql_where=sa.text("is_open = true"),
        )


def downgrade():
    with op.batch_alter_table("rec_cases", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_rec_cases_open_center",
            sqlite_where=sa.text("is_open = 1"),
            postgresql_where=sa.text("is_open = true"),
        )
