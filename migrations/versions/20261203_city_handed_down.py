"""city: rules handed down (issue 13 item 2)

A center's rule may be attached to a rule of the center above as a 补充规定 or a 本地版本
(documents.handed_down_from_id, documents.variant_kind); a center chooses whose scoring scheme its
months use (assessment_center_settings). Existing rows stay as they are: no document is a variant,
no center has a setting (its own scheme, as before).

Revision ID: 20261203_city
Revises: 20261203_hall
Create Date: 2026-12-03 06:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_city"
down_revision = "20261203_hall"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("handed_down_from_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("variant_kind", sa.String(length=20), nullable=True))
        batch_op.create_index(batch_op.f("ix_documents_handed_down_from_id"), ["handed_down_from_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_documents_handed_down_from_id_documents"), "documents", ["handed_down_from_id"], ["id"]
        )
    op.create_table(
        "assessment_center_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_source", sa.String(length=20), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["center_id"], ["centers.id"], name=op.f("fk_assessment_center_settings_center_id_centers")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_assessment_center_settings_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_center_settings")),
        sa.UniqueConstraint("center_id", name="uq_assessment_center_settings_center_id"),
    )
    with op.batch_alter_table("assessment_center_settings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_center_settings_center_id"), ["center_id"], unique=False)


def downgrade():
    with op.batch_alter_table("assessment_center_settings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_center_settings_center_id"))
    op.drop_table("assessment_center_settings")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_documents_handed_down_from_id_documents"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_documents_handed_down_from_id"))
        batch_op.drop_column("variant_kind")
        batch_op.drop_column("handed_down_from_id")
