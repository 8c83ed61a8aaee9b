"""hall 季评 appeals (issue 15 item 6)

A window's appeal against its quarterly evaluation result during the 公示.

Revision ID: 20261202_hall_quarters
Revises: 20261202_quality_audits
Create Date: 2026-12-02 18:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_hall_quarters"
down_revision = "20261202_quality_audits"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "hall_quarter_appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("filed_by_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False, server_default=""),
        sa.Column("corrected_score", sa.Float(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["hall_quarter_reviews.id"],
            name=op.f("fk_hall_quarter_appeals_review_id_hall_quarter_reviews"),
        ),
        sa.ForeignKeyConstraint(
            ["window_id"], ["rec_windows.id"], name=op.f("fk_hall_quarter_appeals_window_id_rec_windows")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hall_quarter_appeals")),
    )
    with op.batch_alter_table("hall_quarter_appeals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hall_quarter_appeals_review_id"), ["review_id"], unique=False)


def downgrade():
    with op.batch_alter_table("hall_quarter_appeals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hall_quarter_appeals_review_id"))
    op.drop_table("hall_quarter_appeals")
