"""account sessions (issue 12)

users get the session epoch (server-side revocation), must_change_password, password_changed_at and
disabled_at; auth_login_throttle counts failed sign-ins per account name and per address (growing
delays instead of the old 15-minute lock, whose columns stay unused).

Revision ID: 20261202_sessions
Revises: 20261202_hall
Create Date: 2026-12-02 18:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_sessions"
down_revision = "20261202_hall"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "auth_login_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_login_throttle")),
        sa.UniqueConstraint("key", name=op.f("uq_auth_login_throttle_key")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("password_changed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("disabled_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("disabled_at")
        batch_op.drop_column("password_changed_at")
        batch_op.drop_column("must_change_password")
        batch_op.drop_column("session_epoch")
    op.drop_table("auth_login_throttle")
