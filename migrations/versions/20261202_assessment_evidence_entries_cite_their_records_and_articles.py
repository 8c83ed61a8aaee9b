"""score entries name their evidence and the article as it stood (issue 14)

assessment_entries gets evidence_json (the cases, complaints, ratings and attendance rows a
proposal comes from), article_version_id (the rule version in force on the entry's date) and
article_text (the cited article's text copied from that version). Existing entries keep their
free-text article; their evidence list is empty.

Revision ID: 20261202_assessment_evidence
Revises: 20261202_signature_seals
Create Date: 2026-12-02 19:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_assessment_evidence"
down_revision = "20261202_signature_seals"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (no table rebuild on SQLite: the entries are referenced by appeals).
    op.add_column("assessment_entries", sa.Column("evidence_json", sa.Text(), nullable=False, server_default="[]"))
    op.add_column("assessment_entries", sa.Column("article_version_id", sa.Integer(), nullable=True))
    op.add_column("assessment_entries", sa.Column("article_text", sa.Text(), nullable=False, server_default=""))


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("PRAGMA foreign_keys=OFF")  # DDL runs outside a transaction on SQLite (see 20261202_exemplars)
    with op.batch_alter_table("assessment_entries", schema=None) as batch_op:
        batch_op.drop_column("article_text")
        batch_op.drop_column("article_version_id")
        batch_op.drop_column("evidence_json")
    if bind.dialect.name == "sqlite":
        op.execute("PRAGMA foreign_keys=ON")
