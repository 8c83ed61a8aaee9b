"""Which engine answers: inside PostgreSQL when the database is PostgreSQL (nothing on a local
disk, so several app servers share it), Whoosh under instance/ otherwise. Both are exact."""

import os

from app.search.backend import get_backend, search_engine_name
from tests.search.helpers import gov, keys


def test_the_engine_follows_the_database(app):
    on_postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    assert search_engine_name(app) == ("postgres" if on_postgres else "whoosh")
    g = gov("关于规范行政审批中介服务的通知", "中介服务收费应当公示，不得指定中介机构。")
    assert keys(get_backend().search("指定中介", per_page=None)) == [f"gd:{g.id}"]
    assert keys(get_backend().search("介", per_page=None)) == [f"gd:{g.id}"]  # one character: exact too
    assert keys(get_backend().search("中介 -收费", per_page=None)) == []
    index_files = os.path.exists(app.config["SEARCH_INDEX_DIR"])
    assert index_files is not on_postgres


def test_engine_named_by_setting_wins(app):
    app.config["SEARCH_BACKEND"] = "whoosh"
    assert search_engine_name(app) == "whoosh"
