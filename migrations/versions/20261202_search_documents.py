"""search_documents: the table of the search engine inside PostgreSQL

Empty on SQLite (the Whoosh index under instance/ answers there); on PostgreSQL it holds one row
per searchable item with GIN indexes on its bigrams and words. Fill it with `flask search reindex`.

Revision ID: 20261202_search_documents
Revises: 20261202_quality
Create Date: 2026-12-02 12:10:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "20261202_search_documents"
down_revision = "20261202_quality"
branch_labels = None
depends_on = None


def upgrade():
    text_array = postgresql.ARRAY(sa.Text()).with_variant(sa.JSON(), "sqlite")
    op.create_table(
        "search_documents",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("stamp", sa.String(length=32), nullable=False),
        sa.Column("title_norm", sa.Text(), nullable=False),
        sa.Column("head", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("grams", text_array, nullable=False),
        sa.Column("words", text_array, nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("authority", sa.Text(), nullable=False),
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("doc_date", sa.Date(), nullable=True),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("public_from", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_search_documents")),
    )
    op.create_index(op.f("ix_search_documents_kind"), "search_documents", ["kind"], unique=False)
    op.create_index("ix_search_documents_grams", "search_documents", ["grams"], unique=False, postgresql_using="gin")
    op.create_index("ix_search_documents_words", "search_documents", ["words"], unique=False, postgresql_using="gin")


def downgrade():
    op.drop_table("search_documents")
