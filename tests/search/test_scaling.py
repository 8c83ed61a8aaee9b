"""Issue 18: a top-k page stops checking candidates once its hits are certain (the same hits as
the full ranking, the total flagged as an estimate), texts are read from the index's mapped text
store (no per-worker copy, no database read, no jieba at query time), a damaged store falls
back to the database."""
import glob
import os

import pytest

from app.search import analysis, segments
from app.search.hooks import get_backend, make_backend
from tests.search.helpers import gov, keys


@pytest.fixture
def whoosh_engine(app):
    app.config["SEARCH_BACKEND"] = "whoosh"
    app.extensions["search"] = make_backend(app)
    return get_backend()


@pytest.fixture
def library(app):
    made = []
    for i in range(70):
        body = f"第{i}条 本规定自发布之日起施行。" + ("施行情况每年报告。" * (i % 4)) + ("起施行" if i % 7 == 0 else "")
        made.append(gov(f"第{i}号规定" + ("（起施行说明）" if i % 23 == 0 else ""), body, issued=__import__("datetime").date(2020, 1, 1 + i % 28)))
    gov("无关文件", "起草、施行，但不相连。")  # 施行 without 起施行
    return made


def test_top_k_pages_are_the_full_ranking_cut(app, library):
    b = get_backend()
    for q in ("起施行", "施行", "日起施行", "规定 施行", "施行 -报告"):
        full = keys(b.search(q, per_page=None))
        assert len(full) == len(set(full))
        for page in (1, 2, 3, 4):
            got = b.search(q, page=page, per_page=20)
            assert keys(got) == full[(page - 1) * 20 : page * 20], (q, page)
            assert got.total == len(full) or not got.total_exact, (q, page)


def test_top_20_checks_far_fewer_texts_than_candidates(app, whoosh_engine, library, monkeypatch):
    calls = []
    real = segments.TextStore.map

    def counting(self, name, end):
        calls.append(name)
        return real(self, name, end)

    monkeypatch.setattr(segments.TextStore, "map", counting)
    everything = whoosh_engine.search("日起施行", per_page=None)
    all_calls = len(calls)
    assert everything.total == 70 and everything.total_exact and all_calls >= 70
    calls.clear()
    top = whoosh_engine.search("日起施行", per_page=20)
    assert len(calls) <= 25 and keys(top) == keys(everything)[:20]
    assert not top.total_exact and top.total == 70  # estimated from the hit rate, and flagged


def test_search_page_says_the_total_is_an_estimate(app, client, users, auth, whoosh_engine, library):
    auth.login(users["window_staff"])
    html = client.get("/search/?q=日起施行").get_data(as_text=True)
    assert "共找到 约 70 个文件" in html
    html = client.get("/search/?q=第3号规定").get_data(as_text=True)
    assert "共找到 1 个文件" in html


def test_searching_reads_neither_the_database_nor_jieba(app, whoosh_engine, library, monkeypatch):
    whoosh_engine.search("施行")

    def refuse(*_a, **_k):
        raise AssertionError("a search must not need this")

    monkeypatch.setattr(whoosh_engine, "_load", refuse)
    monkeypatch.setattr(whoosh_engine, "_load_all", refuse)
    monkeypatch.setattr(analysis, "_get_jieba", refuse)
    want = {f"gd:{g.id}" for i, g in enumerate(library) if i % 4}
    assert set(keys(whoosh_engine.search("每年报告", per_page=None))) == want
    assert len(keys(whoosh_engine.search("起施行", per_page=None))) == 70  # not 无关文件 (起草、施行)
    assert not hasattr(whoosh_engine, "_cache")


def test_damaged_text_store_falls_back_to_the_database(app, whoosh_engine, library):
    want = keys(whoosh_engine.search("每年报告", per_page=None))
    assert len(want) == 52
    for path in glob.glob(os.path.join(app.config["SEARCH_INDEX_DIR"], "texts-*.dat")):
        with open(path, "r+b") as fh:
            fh.truncate(10)
    fresh = make_backend(app)  # another worker, mapping the damaged file
    assert keys(fresh.search("每年报告", per_page=None)) == want
