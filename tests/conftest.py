"""Shared fixtures: a fresh database and index folder per test, one user per role, a login helper,
and a live server + headless Chromium for browser tests."""

import gc
import os
import shutil
import sqlite3
import threading
from types import SimpleNamespace

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app import create_app
from app.auth.models import User
from app.auth.roles import ALL_ROLES
from app.config import TestConfig
from app.extensions import db
from tests import appcache, pgtemplate
from tests.factories import PASSWORD, create_signers, create_user

appcache.install()  # one URL-builder compile per rule per process, not per test (tests/appcache.py)

# Every file a test writes is thrown away with its temporary folder, as its database is: no fsync in
# the test process (search segments and sums, key files, checkpoints called it ~6 times a test);
# the descriptor is still checked. Servers a test starts in another process keep fsync.
os.fsync = os.fstat

# Garbage collection: each test's application is a web of reference cycles that only a full
# collection frees, and a full collection walks every object alive (~300,000 after the imports).
# The objects alive once collection is done are frozen (never walked again), and collections run
# less often (young generation 10,000 allocations instead of 700): the GC took ~17 % of the CPU of
# tests/records, ~6 % now. Memory stays bounded (a full collection every ~70 tests).
gc.set_threshold(10_000, 20, 10)

# ---------------------------------------------------------------- which tests use a database
# The PostgreSQL pass (`make test`, `--database-tests-only`) runs exactly the tests that use a
# database: those that request the `app` fixture (directly or through another fixture) and those
# marked `database` (they build their own application on TEST_DATABASE_URL). Every other test must
# open no database; on either pass, one that does fails here and names the marker, so no test that
# touches SQL can silently escape PostgreSQL.


def uses_database(item) -> bool:
    return "app" in getattr(item, "fixturenames", ()) or item.get_closest_marker("database") is not None


_running: dict = {"item": None}


@event.listens_for(Engine, "connect")
def _on_connect(dbapi_connection, _record):
    item = _running["item"]
    if item is not None and not uses_database(item):
        _running["stray"] = True
        raise RuntimeError(
            f"{item.nodeid} opens a database but neither uses the `app` fixture nor is marked "
            "@pytest.mark.database: mark it, so that the PostgreSQL pass runs it too"
        )
    if isinstance(dbapi_connection, sqlite3.Connection):
        # Test databases are thrown away: SQLite need not fsync each commit (as with_postgres.sh runs
        # PostgreSQL with fsync=off). Locking, WAL and transactions are unchanged; servers a test
        # starts in another process keep SQLite's default.
        dbapi_connection.execute("PRAGMA synchronous=OFF")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _running.update(item=item, stray=False)
    try:
        return (yield)
    finally:
        _running["item"] = None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if _running.get("stray") and report.passed and call.when == "call":
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid} opened a database without the `app` fixture or @pytest.mark.database"
    return report


def pytest_runtest_setup(item):
    if pgtemplate.enabled() and "app" not in item.fixturenames and item.get_closest_marker("database"):
        pgtemplate.recreate_empty()  # as before: a test that builds its own app finds an empty database


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use a database (the `app` fixture or @pytest.mark.database)",
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-tests-only"):
        return
    keep = [item for item in items if uses_database(item)]
    skipped = [item for item in items if not uses_database(item)]
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = keep
        config._hallmark_no_database = len(skipped)


def pytest_terminal_summary(terminalreporter, config):
    count = getattr(config, "_hallmark_no_database", 0)
    if count:
        terminalreporter.write_line(
            f"--database-tests-only: {count} tests that open no database deselected (they ran on the SQLite pass)"
        )


def _test_config(instance, **overrides) -> TestConfig:
    return TestConfig(
        str(instance),
        SEARCH_INDEX_DIR=str(instance / "search_index"),
        UPLOAD_DIR=str(instance / "uploads"),
        **overrides,
    )


@pytest.fixture(scope="session")
def _schema_template(tmp_path_factory):
    """The schema built once per session (per xdist worker): `db.create_all()` into a template that
    every test's database is copied from (a SQLite file, or a PostgreSQL database used as TEMPLATE),
    instead of running ~1,100 DDL statements for each of ~900 tests."""
    if pgtemplate.enabled():
        name = pgtemplate.build_template(lambda url: _create_schema(tmp_path_factory.mktemp("tmpl"), url))
        yield name
        pgtemplate.drop(name)
    else:
        folder = tmp_path_factory.mktemp("schema_template")
        _create_schema(folder, None)
        yield folder / "test.db"


def _create_schema(folder, url):
    overrides = {"SQLALCHEMY_DATABASE_URI": url} if url else {}
    app = create_app(_test_config(folder, **overrides))
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()  # the last connection closes: SQLite checkpoints its WAL into the file


@pytest.fixture
def app(tmp_path, _schema_template):
    """A fresh application on a fresh database holding exactly `db.create_all()`'s schema."""
    if pgtemplate.enabled():
        pgtemplate.reset_to(_schema_template)
    else:
        shutil.copyfile(_schema_template, tmp_path / "test.db")
    app = create_app(_test_config(tmp_path))
    appcache.share_templates(app)  # templates compiled once per process (tests/appcache.py)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    """make_user(role, username=None) -> User, committed, password PASSWORD (tests.factories.create_user)."""

    def _make(role: str, username: str | None = None, display_name: str | None = None) -> User:
        return create_user(role, username, display_name)

    return _make


@pytest.fixture
def users(make_user):
    """One user per role, keyed by role code."""
    return {role: make_user(role, username=role) for role in sorted(ALL_ROLES)}


@pytest.fixture
def team(app):
    """The document team: an author, a reviewer and an approver of every kind, an auditor, window staff, an evaluator."""
    t = SimpleNamespace(
        author=create_user("doc_manager", "author", "林作者"),
        reviewer=create_user("doc_manager", "reviewer", "郑审核"),
        auditor=create_user("auditor", "auditor1", "钱审计"),
        approver=create_user("admin", "approver", "周批准"),
        window=create_user("window_staff", "window1", "宋窗口"),
        evaluator=create_user("evaluator", "eval1", "韩考评"),
        password=PASSWORD,
    )
    create_signers(t.reviewer, t.approver)
    return t


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, user_or_name, password: str = PASSWORD):
        username = user_or_name if isinstance(user_or_name, str) else user_or_name.username
        return self.client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


# ---------------------------------------------------------------- browser tests

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_server(app):
    """Serve `app` on a free localhost port in a thread; yields the base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def _chromium():
    """One headless Chromium per session (per xdist worker); each test gets its own context (its own
    cookies, storage and cache), so tests share nothing but the browser process (~1 s a launch)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: run `make test` (it installs system packages).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_chromium):
    """A Playwright page in Debian's headless Chromium, in a fresh browser context."""
    context = _chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def browser_login(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(base_url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def pytest_configure(config):
    pgtemplate.configure()


def pytest_collection_finish(session):
    gc.collect()
    gc.freeze()  # modules, models, metadata: alive for the whole run, never walked by the GC again
