"""PostgreSQL databases for the tests (used only when TEST_DATABASE_URL is set, as by
scripts/with_postgres.sh): each pytest process (each xdist worker) gets its own database, named after
the given one plus the worker id, so parallel workers never share tables. The schema is built once
into a template database (`db.create_all()`).

Before each test that uses the `app` fixture the worker's database is made equal to the template
again: if the previous test only changed rows, its non-empty tables are emptied (DELETE) and every
sequence restarts (about a tenth of a second); if the schema differs from the template (a
catalogue fingerprint: tables, columns, indexes, triggers, functions, extensions), or the previous
test was not an `app` test, or the emptying cannot take its locks, the database is replaced by a
`CREATE DATABASE ... TEMPLATE` copy (0.1 to 1 s; the default WAL_LOG strategy, FILE_COPY
checkpoints and is ten times slower). Both replace `drop_all()` + `create_all()` (about 2 s each).
A test marked `database` (it builds its own application) starts on an empty database, as before.

`configure()` runs from tests/conftest.py's pytest_configure and points TEST_DATABASE_URL at the
worker's own database, so tests that build their own app (migrations, two servers, ...) use it too."""

import os
from urllib.parse import urlsplit, urlunsplit

_state: dict = {}


def enabled() -> bool:
    return "maintenance" in _state


def configure() -> None:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url or "maintenance" in _state:
        return
    parts = urlsplit(url)
    base = parts.path.lstrip("/")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{base}_{worker}"
    _state["maintenance"] = _libpq(url)
    _state["parts"] = parts
    _state["name"] = name
    os.environ["TEST_DATABASE_URL"] = _url_of(name)
    _recreate(name)


def _libpq(url: str) -> str:
    """psycopg wants postgresql://, not SQLAlchemy's postgresql+psycopg://."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _url_of(name: str) -> str:
    return urlunsplit(_state["parts"]._replace(path="/" + name))


def _execute(*statements: str) -> None:
    import psycopg

    with psycopg.connect(_state["maintenance"], autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _recreate(name: str, template: str | None = None) -> None:
    create = f'CREATE DATABASE "{name}"'
    if template:
        create += f' TEMPLATE "{template}"'
    _execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', create)


def build_template(builder) -> str:
    """Create the template database and let `builder(url)` put the schema in it; returns its name."""
    name = _state["name"] + "_tmpl"
    _recreate(name)
    builder(_url_of(name).replace("postgresql://", "postgresql+psycopg://", 1))  # SQLAlchemy's driver name
    return name


FINGERPRINT = """
SELECT (SELECT string_agg(relname || ':' || relkind::text, ',' ORDER BY relname) FROM pg_class
         WHERE relnamespace = 'public'::regnamespace),
       (SELECT count(*) FROM pg_attribute a JOIN pg_class c ON a.attrelid = c.oid
         WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped),
       (SELECT count(*) FROM pg_trigger t JOIN pg_class c ON t.tgrelid = c.oid
         WHERE c.relnamespace = 'public'::regnamespace),
       (SELECT count(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace),
       (SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace),
       (SELECT count(*) FROM pg_type WHERE typnamespace = 'public'::regnamespace),
       (SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension),
       (SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace)
"""

# DELETE, not TRUNCATE: a test leaves a few rows in a few tables, and TRUNCATE ... CASCADE gives every
# table it reaches (users reaches nearly all) new files for the table and each index, ~0.35-0.7 s a
# test against ~0.1 s for deleting the rows. Foreign keys are not checked while emptying
# (session_replication_role = replica: the rows go in any order; needs a superuser, as with_postgres.sh
# makes; without one the SET fails and the database is copied from the template instead). The schema
# has no triggers that a replica role would skip to any effect: every table ends empty either way.
EMPTY_TABLES_AND_RESTART_SEQUENCES = """
DO $$
DECLARE
  t record;
  has_rows boolean;
BEGIN
  SET LOCAL session_replication_role = replica;
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM public.%I)', t.tablename) INTO has_rows;
    IF has_rows THEN
      EXECUTE format('DELETE FROM public.%I', t.tablename);
    END IF;
  END LOOP;
  FOR t IN SELECT sequencename, start_value FROM pg_sequences WHERE schemaname = 'public' LOOP
    PERFORM setval(format('public.%I', t.sequencename), t.start_value, false);
  END LOOP;
END $$
"""


def _fingerprint(name: str):
    import psycopg

    with psycopg.connect(_libpq(_url_of(name))) as conn:
        return conn.execute(FINGERPRINT).fetchone()


def _all_tables_empty(name: str) -> bool:
    import psycopg

    with psycopg.connect(_libpq(_url_of(name))) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return not any(conn.execute(f'SELECT EXISTS (SELECT 1 FROM public."{t}")').fetchone()[0] for t in tables)


def _emptied() -> bool:
    """Empty the worker's database in place; False when that cannot be done quickly and safely."""
    import psycopg

    try:
        with psycopg.connect(_libpq(_url_of(_state["name"])), autocommit=True) as conn:
            conn.execute("SET lock_timeout = '2s'")  # a connection a test left open: copy instead
            if conn.execute(FINGERPRINT).fetchone() != _state["fingerprint"]:
                return False
            conn.execute(EMPTY_TABLES_AND_RESTART_SEQUENCES)
            return True
    except psycopg.Error:
        return False


def reset_to(template: str) -> None:
    """The worker's database, equal to `template` (emptied in place when only rows changed)."""
    if "fingerprint" not in _state:
        _state["fingerprint"] = _fingerprint(template)
        # Truncating is equivalent to copying only while the template holds no rows.
        _state["rows_in_template"] = not _all_tables_empty(template)
    if _state.get("worker_db") == "used" and not _state["rows_in_template"] and _emptied():
        pass
    else:
        _recreate(_state["name"], template)
    _state["worker_db"] = "used"


def recreate_empty() -> None:
    """An empty database for a test that builds its own application (the next `app` test copies)."""
    _recreate(_state["name"])
    _state["worker_db"] = "other"


def drop(name: str) -> None:
    _execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
