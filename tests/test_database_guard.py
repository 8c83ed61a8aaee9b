"""The guard in tests/conftest.py (`_on_connect`) holds: a test that opens a database without the
`app` fixture or @pytest.mark.database fails, even when it swallows the error, so no test that
touches SQL escapes the PostgreSQL pass. Planted tests run in a pytest of their own, with the
project's conftest."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PLANTED = """
import pytest
from sqlalchemy import create_engine, text


def _select_one():
    with create_engine("sqlite://").connect() as connection:
        return connection.execute(text("select 1")).scalar()


def test_stray_connection():
    assert _select_one() == 1


def test_stray_connection_that_hides_the_error():
    try:
        _select_one()
    except RuntimeError:
        pass


@pytest.mark.database
def test_marked_connection():
    assert _select_one() == 1


def test_no_database():
    assert 1 + 1 == 2
"""


@pytest.mark.slow  # a pytest of its own imports the app: ~4 s, over 10 s on a loaded machine
def test_a_planted_test_that_opens_a_database_unmarked_fails(tmp_path):
    (tmp_path / "conftest.py").write_text("from tests.conftest import *  # noqa: F403\n", encoding="utf-8")
    (tmp_path / "test_planted.py").write_text(textwrap.dedent(PLANTED), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TEST_DATABASE_URL", None)  # the planted tests build no app: the guard alone is under test
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", "-p", "no:xdist", "test_planted.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "2 failed, 2 passed" in out, out
    assert "FAILED test_planted.py::test_stray_connection " in out, out
    assert "FAILED test_planted.py::test_stray_connection_that_hides_the_error" in out, out
    assert "PASSED test_planted.py::test_marked_connection" in out, out
    assert "PASSED test_planted.py::test_no_database" in out, out
    assert "mark it, so that the PostgreSQL pass runs it too" in out, out
    assert "opened a database without the `app` fixture or @pytest.mark.database" in out, out
