"""hall: the open stages' index leads with is_open and center_id; charged stages by month

The lights page's counts (GROUP BY window_id) left the partial index on is_open for the
(window_id, answered_on) index and read every stage: 1.5 s at 300,000 stages. The new index has
is_open and center_id as its first columns (both equal in every open-stage query, now that reads
are scoped to a center), then window_id, yellow_on, due_on (covering the counts).

Revision ID: 20261203_hall
Revises: 20261203_search
Create Date: 2026-12-03 06:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_hall"
down_revision = "20261203_search"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_hall_joint_stages_open", table_name="hall_joint_stages")
    op.create_index(
        "ix_hall_joint_stages_lit", "hall_joint_stages", ["is_open", "center_id", "window_id", "yellow_on", "due_on"]
    )
    op.create_index("ix_hall_joint_stages_charged", "hall_joint_stages", ["charged", "answered_on"])


def downgrade():
    op.drop_index("ix_hall_joint_stages_charged", table_name="hall_joint_stages")
    op.drop_index("ix_hall_joint_stages_lit", table_name="hall_joint_stages")
    op.create_index(
        "ix_hall_joint_stages_open",
        "hall_joint_stages",
        ["due_on", "window_id", "yellow_on"],
        sqlite_where=sa.text("is_open = 1"),
        postgresql_where=sa.text("is_open = true"),
    )
