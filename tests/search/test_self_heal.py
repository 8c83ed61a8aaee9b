"""Issue 11 item 6: a damaged segment is found when the index is opened (checksum per segment file),
searches are answered from the database while the index is rebuilt in the background, never an
error; `flask search check` reports and repairs; an index without the current schema stamp is rebuilt."""

import glob
import json
import os

import pytest

from app.search import heal
from app.search.backend import get_backend, make_backend
from tests.search.helpers import gov, keys


@pytest.fixture
def whoosh_engine(app):
    app.config["SEARCH_BACKEND"] = "whoosh"
    app.extensions["search"] = make_backend(app)
    return app


def _segment(app) -> str:
    files = glob.glob(os.path.join(app.config["SEARCH_INDEX_DIR"], "*.seg"))
    assert files
    return max(files, key=os.path.getsize)


def _damage(path: str, how: str) -> None:
    size = os.path.getsize(path)
    if how == "truncate":
        with open(path, "r+b") as fh:
            fh.truncate(size // 2)
    elif how == "zero":
        with open(path, "r+b") as fh:
            fh.write(b"\0" * size)
    else:
        os.remove(path)


@pytest.mark.parametrize("how", ["truncate", "zero", "delete"])
def test_damaged_segment_is_found_answered_from_the_database_and_rebuilt(app, whoosh_engine, how):
    g = gov("企业开办指引", "企业开办全程网办。")
    assert keys(get_backend().search("全程网办")) == [f"gd:{g.id}"]
    _damage(_segment(app), how)
    fresh = make_backend(app)  # a worker starting after the damage
    assert keys(fresh.search("全程网办")) == [f"gd:{g.id}"]
    fresh.wait_until_healed(30)
    assert fresh.degraded is None
    assert keys(fresh.search("全程网办")) == [f"gd:{g.id}"]
    assert keys(make_backend(app).search("全程网办")) == [f"gd:{g.id}"]  # the rebuilt index holds


def test_search_page_never_fails_on_a_damaged_index(app, whoosh_engine, client, auth, users):
    gov("企业开办指引", "企业开办全程网办。")
    get_backend().search("全程网办")
    _damage(_segment(app), "zero")
    app.extensions["search"] = make_backend(app)
    auth.login(users["window_staff"])
    r = client.get("/search/?q=全程网办")
    assert r.status_code == 200 and "企业开办指引" in r.get_data(as_text=True)
    app.extensions["search"].wait_until_healed(30)


def test_flask_search_check_reports_and_repairs(app, whoosh_engine):
    g = gov("企业开办指引", "企业开办全程网办。")
    get_backend().search("全程网办")
    _damage(_segment(app), "truncate")
    app.extensions["search"] = make_backend(app)
    result = app.test_cli_runner().invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output
    assert "索引损坏" in result.output and "已从数据库重建" in result.output
    again = app.test_cli_runner().invoke(args=["search", "check"])
    assert "索引损坏" not in again.output and "需要更新 0 条" in again.output
    assert keys(make_backend(app).search("全程网办")) == [f"gd:{g.id}"]


def test_older_schema_forces_a_reindex(app, whoosh_engine):
    g = gov("企业开办指引", "企业开办全程网办。")
    get_backend().search("全程网办")
    stamp = os.path.join(app.config["SEARCH_INDEX_DIR"], heal.STAMP)
    with open(stamp, encoding="utf-8") as fh:
        old = json.load(fh)
    old["layout"] = heal.LAYOUT_VERSION - 1
    with open(stamp, "w", encoding="utf-8") as fh:
        json.dump(old, fh)
    fresh = make_backend(app)
    assert keys(fresh.search("全程网办")) == [f"gd:{g.id}"]
    fresh.wait_until_healed(30)
    with open(stamp, encoding="utf-8") as fh:
        assert json.load(fh)["layout"] == heal.LAYOUT_VERSION
