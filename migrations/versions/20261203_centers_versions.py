"""centers: document versions carry their center too

A version is reached by its own id (/documents/versions/<id>, its export, its readers), so it is
scoped like its document rather than through it; existing versions take their document's center.

Revision ID: 20261203_centers_versions
Revises: 20261203_centers_unique
Create Date: 2026-12-03 00:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_centers_versions"
down_revision = "20261203_centers_unique"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("center_id", sa.Integer(), nullable=True))
    op.get_bind().execute(
        sa.text(
            "UPDATE document_versions SET center_id = "
            "(SELECT documents.center_id FROM documents WHERE documents.id = document_versions.document_id)"
        )
    )
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.alter_column("center_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_document_versions_center_id"), ["center_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_document_versions_center_id_centers"), "centers", ["center_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_document_versions_center_id_centers"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_document_versions_center_id"))
        batch_op.drop_column("center_id")
