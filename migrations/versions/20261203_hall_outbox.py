"""hall: the outbox of 一次性告知书 sent by SMS or e-mail (hall_notice_messages)

Revision ID: 20261203_hall_outbox
Revises: 20261203_stats
Create Date: 2026-12-03 06:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_hall_outbox"
down_revision = "20261203_stats"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "hall_notice_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("recipient", sa.String(length=120), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["rec_cases.id"], name=op.f("fk_hall_notice_messages_case_id_rec_cases")),
        sa.ForeignKeyConstraint(["center_id"], ["centers.id"], name=op.f("fk_hall_notice_messages_center_id_centers")),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["hall_supplement_notices.id"],
            name=op.f("fk_hall_notice_messages_notice_id_hall_supplement_notices"),
        ),
        sa.ForeignKeyConstraint(
            ["window_id"], ["rec_windows.id"], name=op.f("fk_hall_notice_messages_window_id_rec_windows")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hall_notice_messages")),
    )
    op.create_index("ix_hall_notice_messages_due", "hall_notice_messages", ["status", "next_attempt_at"])
    op.create_index(op.f("ix_hall_notice_messages_case_id"), "hall_notice_messages", ["case_id"])
    op.create_index(op.f("ix_hall_notice_messages_notice_id"), "hall_notice_messages", ["notice_id"])
    op.create_index(op.f("ix_hall_notice_messages_center_id"), "hall_notice_messages", ["center_id"])


def downgrade():
    op.drop_table("hall_notice_messages")
