"""search: the PostgreSQL engine's rows say their center and whether they are handed down

The index holds every center's items; a reader finds those of their own center and the
handed-down rules of the centers above (CenterScope, filtered at query time). In an installation
of one center (every installation before centers) the existing rows are that center's and are
filled in here, so search keeps working after the upgrade; otherwise they wait for the next
`flask search reindex` (the stamps change, so `flask search check` rewrites them too).

Revision ID: 20261203_search
Revises: 20261203_centers_versions
Create Date: 2026-12-03 06:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_search"
down_revision = "20261203_centers_versions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("search_documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("center_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("handed_down", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index(batch_op.f("ix_search_documents_center_id"), ["center_id"], unique=False)
    op.execute(
        "UPDATE search_documents SET center_id = (SELECT min(id) FROM centers) "
        "WHERE center_id IS NULL AND (SELECT count(*) FROM centers) = 1"
    )


def downgrade():
    with op.batch_alter_table("search_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_documents_center_id"))
        batch_op.drop_column("handed_down")
        batch_op.drop_column("center_id")
