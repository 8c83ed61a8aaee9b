"""Keeping the database's query plans good: the planner's statistics, refreshed daily.

SQLite keeps no statistics of its own: without ANALYZE (or with statistics from when a table was
small or its rows were in other states) it may read a whole table through an index that only
avoids a sort (the hall's lights page over 300,000 stages: 1.5 s instead of a few ms). A full
ANALYZE: 6 s on the 2-million-case bench database. Not a sampled one (PRAGMA analysis_limit): a
sample of 1,000 rows takes a column of one value (center_id) for a selective one and the plans go
wrong again. PostgreSQL's autovacuum analyses on its own; an explicit ANALYZE keeps both alike."""

from __future__ import annotations

from sqlalchemy import text

from ...extensions import db

SQLITE_ANALYSIS_LIMIT = 0  # every row (no sampling): see above


def analyze_database() -> str:
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}"))
    db.session.execute(text("ANALYZE"))
    return "已更新数据库查询统计信息（ANALYZE）。"
