"""signature seals (issue 11): printed name, manifest and HMAC seal on every signature

Revision ID: 20261202_signature_seals
Revises: 20261202_exemplars
Create Date: 2026-12-02 19:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_signature_seals"
down_revision = "20261202_exemplars"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("printed_name", sa.String(length=80), server_default="", nullable=False))
        batch_op.add_column(sa.Column("manifest", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("seal", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.drop_column("seal")
        batch_op.drop_column("manifest")
        batch_op.drop_column("printed_name")
