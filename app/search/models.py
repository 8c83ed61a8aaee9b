"""The table the PostgreSQL search engine keeps (pg_backend.py). It exists on SQLite too, empty:
there the Whoosh index under instance/ answers."""

from sqlalchemy import JSON, Boolean, Column, Date, Index, Integer, String, Table, Text, false
from sqlalchemy.dialects.postgresql import ARRAY

from ..extensions import db

_TEXT_ARRAY = ARRAY(Text).with_variant(JSON(), "sqlite")

search_documents = Table(
    "search_documents",
    db.metadata,
    Column("key", String(40), primary_key=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("stamp", String(32), nullable=False),
    Column("title_norm", Text, nullable=False),
    Column("head", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("grams", _TEXT_ARRAY, nullable=False),
    Column("words", _TEXT_ARRAY, nullable=False),
    Column("status", Text, nullable=False, default=""),
    Column("category", Text, nullable=False, default=""),
    Column("authority", Text, nullable=False, default=""),
    Column("number", Text, nullable=False, default=""),
    Column("doc_date", Date),
    Column("restricted", Boolean, nullable=False, default=False),
    Column("public_from", Date),
    # the item's center (not a CenterOwned table: one installation-wide index, filtered at query
    # time by the reader's CenterScope) and whether it is handed down to the centers below
    Column("center_id", Integer, nullable=True, index=True),
    Column("handed_down", Boolean, nullable=False, default=False, server_default=false()),
)

# GIN on PostgreSQL (candidates by bigrams, document frequency of words); on SQLite the table
# stays empty, so the plain indexes there cost nothing.
Index("ix_search_documents_grams", search_documents.c.grams, postgresql_using="gin")
Index("ix_search_documents_words", search_documents.c.words, postgresql_using="gin")
