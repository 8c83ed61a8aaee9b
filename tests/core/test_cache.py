"""app/core/cache.py: a kept value is recomputed once its topic changes, in this worker and in
another one (two apps on one database and one instance folder stand for two gunicorn workers)."""

import os

import pytest

from app import create_app
from app.config import TestConfig
from app.core import cache
from app.extensions import db
from app.govdocs.models import GovDocument


def _count():
    return db.session.scalar(db.select(db.func.count(GovDocument.id)))


def _add(title):
    db.session.add(GovDocument(title=title, text="正文", sha256=os.urandom(32).hex()))
    db.session.commit()


@pytest.mark.database  # builds its own app on the test database
def test_kept_until_the_topic_changes_in_either_worker(tmp_path):
    config = dict(
        SEARCH_INDEX_DIR=str(tmp_path / "index"),
        UPLOAD_DIR=str(tmp_path / "uploads"),
        SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "shared.db"),
        CACHE_STAMP_DIR=str(tmp_path / "stamps"),
    )  # one folder for both, like workers
    one = create_app(TestConfig(str(tmp_path), **config))
    two = create_app(TestConfig(str(tmp_path), **config))
    cache.watch("test.gov", GovDocument)
    with one.app_context():
        db.create_all()
    calls = {"n": 0}

    def compute():
        calls["n"] += 1
        return _count()

    with one.test_request_context():
        assert cache.cached("test.gov", "count", compute) == 0
    with one.test_request_context():
        assert cache.cached("test.gov", "count", compute) == 0
    assert calls["n"] == 1  # kept
    with two.app_context():
        _add("另一个进程写入的文件")  # the other worker commits a change on the topic
    with one.test_request_context():
        assert cache.cached("test.gov", "count", compute) == 1
    assert calls["n"] == 2
    with one.app_context():
        _add("本进程写入的文件")
    with one.test_request_context():
        assert cache.cached("test.gov", "count", compute) == 2
    with one.app_context():
        db.session.add(GovDocument(title="回滚的文件", text="正文", sha256="0" * 64))
        db.session.flush()
        db.session.rollback()  # nothing committed: the kept value stands
    with one.test_request_context():
        assert cache.cached("test.gov", "count", compute) == 2
    assert calls["n"] == 3
    with one.app_context():
        db.session.execute(db.update(GovDocument).values(title="批量改名"))  # ORM bulk update counts too
        db.session.commit()
    with one.test_request_context():
        cache.cached("test.gov", "count", compute)
    assert calls["n"] == 4
    for app in (one, two):
        with app.app_context():
            db.engine.dispose()


def test_per_request_memo_lives_for_one_request(app):
    calls = {"n": 0}

    def compute():
        calls["n"] += 1
        return calls["n"]

    with app.test_request_context():
        app.preprocess_request()
        assert cache.per_request("k", compute) == cache.per_request("k", compute) == 1
    with app.test_request_context():
        app.preprocess_request()
        assert cache.per_request("k", compute) == 2
    assert cache.per_request("k", compute) == 3  # outside a request: never kept
