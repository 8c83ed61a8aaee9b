"""Twelve ways a hostile auditor (or insider) changes a copy of the audit table with SQL alone.

Each takes a SQLAlchemy connection to a database whose trail has N >= 60 entries (ids 1..N) and a
checkpoint already written, changes it, and returns the entry id (or the first id of the range) that
`flask audit verify` must name. Used by tests/audit/test_tampering.py and bench/reliability.py.
"""

import hashlib
from datetime import timedelta

from sqlalchemy import text

TARGET = 20  # the middle row the edits hit


def _ids(conn):
    return [r[0] for r in conn.execute(text("SELECT id FROM audit_entries ORDER BY id"))]


def edit_details(conn):
    conn.execute(text("UPDATE audit_entries SET details = :d WHERE id = :i"), {"d": '{"n":999}', "i": TARGET})
    return TARGET


def edit_action(conn):
    conn.execute(text("UPDATE audit_entries SET action = 'approve' WHERE id = :i"), {"i": TARGET})
    return TARGET


def edit_time(conn):
    at = conn.execute(text("SELECT at FROM audit_entries WHERE id = :i"), {"i": TARGET}).scalar()
    if isinstance(at, str):
        from datetime import datetime

        at = datetime.fromisoformat(at)
    conn.execute(text("UPDATE audit_entries SET at = :a WHERE id = :i"), {"a": at - timedelta(days=3), "i": TARGET})
    return TARGET


def edit_username(conn):
    conn.execute(text("UPDATE audit_entries SET username = 'someone_else' WHERE id = :i"), {"i": TARGET})
    return TARGET


def edit_user_id(conn):
    conn.execute(text("UPDATE audit_entries SET user_id = 424242 WHERE id = :i"), {"i": TARGET})
    return TARGET


def edit_object(conn):
    conn.execute(text("UPDATE audit_entries SET object_id = '777' WHERE id = :i"), {"i": TARGET})
    return TARGET


def delete_middle_row(conn):
    conn.execute(text("DELETE FROM audit_entries WHERE id = :i"), {"i": TARGET})
    return TARGET + 1  # the next entry no longer links


def append_forged_row(conn):
    last = conn.execute(text("SELECT id, hash, at, center_id FROM audit_entries ORDER BY id DESC LIMIT 1")).first()
    forged = hashlib.sha256(f"{last.hash}forged".encode()).hexdigest()
    conn.execute(
        text(
            "INSERT INTO audit_entries (id, at, user_id, username, action, object_type, object_id, details, prev_hash,"
            " hash, center_id) VALUES (:id, :at, 1, 'admin', 'approve', 'document', '1', '{}', :prev, :hash, :center)"
        ),
        {"id": last.id + 1, "at": last.at, "prev": last.hash, "hash": forged, "center": last.center_id},
    )
    return last.id + 1


def delete_last_row(conn):
    last = _ids(conn)[-1]
    conn.execute(text("DELETE FROM audit_entries WHERE id = :i"), {"i": last})
    return last


def delete_last_50_rows(conn):
    ids = _ids(conn)
    conn.execute(text("DELETE FROM audit_entries WHERE id >= :i"), {"i": ids[-50]})
    return ids[-50]


def delete_every_row(conn):
    conn.execute(text("DELETE FROM audit_entries"))
    return None


def edit_and_rehash_to_the_end(conn):
    """Edit one entry, then recompute every hash after it the only way an outsider can: the old public
    formula, or the new one under a guessed key (here SHA-256 of the row as the old code did)."""
    from app.audit.logic.chain import legacy_entry_hash

    conn.execute(text("UPDATE audit_entries SET details = :d WHERE id = :i"), {"d": '{"n":"rewritten"}', "i": TARGET})
    rows = conn.execute(
        text(
            "SELECT id, at, user_id, action, object_type, object_id, details, prev_hash FROM audit_entries ORDER BY id"
        )
    ).all()
    prev = None
    for row in rows:
        if row.id < TARGET:
            prev = conn.execute(text("SELECT hash FROM audit_entries WHERE id = :i"), {"i": row.id}).scalar()
            continue
        at = row.at
        if isinstance(at, str):
            from datetime import datetime

            at = datetime.fromisoformat(at)
        new_hash = legacy_entry_hash(prev, at, row.user_id, row.action, row.object_type, row.object_id, row.details)
        conn.execute(
            text("UPDATE audit_entries SET prev_hash = :p, hash = :h WHERE id = :i"),
            {"p": prev, "h": new_hash, "i": row.id},
        )
        prev = new_hash
    return TARGET


TAMPERINGS = [
    edit_details,
    edit_action,
    edit_time,
    edit_username,
    edit_user_id,
    edit_object,
    delete_middle_row,
    append_forged_row,
    delete_last_row,
    delete_last_50_rows,
    delete_every_row,
    edit_and_rehash_to_the_end,
]
