"""PostgreSQL databases for the tests (used only when TEST_DATABASE_URL is set, as by
scripts/with_postgres.sh): each pytest process (each xdist worker) gets its own database, named after
the given one plus the worker id, so parallel workers never share tables. The schema is built once
into a template database; each test's database is a fresh `CREATE DATABASE ... TEMPLATE` copy of it
(about 0.1 s with PostgreSQL 15's default WAL_LOG strategy; FILE_COPY checkpoints and is ten times
slower) instead of `drop_all()` + `create_all()` (about 2 s each on PostgreSQL).

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


def recreate_from(template: str) -> None:
    """The worker's database, replaced by a copy of `template`."""
    _recreate(_state["name"], template)


def recreate_empty() -> None:
    _recreate(_state["name"])


def drop(name: str) -> None:
    _execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
