"""scheduled jobs (issue 13): one row per job, shared by every app server

Revision ID: 20261202_jobs
Revises: 20261202_sessions
Create Date: 2026-12-02 19:05:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_jobs"
down_revision = "20261202_sessions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job_runs",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("claimed_by", sa.String(length=80), nullable=False),
        sa.Column("last_started", sa.DateTime(), nullable=True),
        sa.Column("last_finished", sa.DateTime(), nullable=True),
        sa.Column("last_ok", sa.Boolean(), nullable=True),
        sa.Column("last_report", sa.Text(), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_runs")),
    )


def downgrade():
    op.drop_table("job_runs")
