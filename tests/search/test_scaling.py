"""Issue 18: a top-k page stops checking candidates once its hits are certain (the same hits as
the full ranking, the total flagged as an estimate), texts are read from the index's mapped text
store (no per-worker copy, no database read, no jieba at query time), a damaged store falls
back to the database."""

import glob
import os

import pytest

from app.search import analysis, segments
from app.search.backend import get_backend, make_backend
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
        made.append(
            gov(
                f"第{i}号规定" + ("（起施行说明）" if i % 23 == 0 else ""),
                body,
                issued=__import__("datetime").date(2020, 1, 1 + i % 28),
            )
        )
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


def test_incremental_batches_are_compacted_without_losing_anything(app, whoosh_engine, monkeypatch):
    import sqlite3

    monkeypatch.setattr(segments, "COMPACT_AFTER", 5)
    made = [gov(f"合并测试{i}", f"合并之前第{i}份，窗口受理。") for i in range(8)]
    made[0].text = "改写之后只剩受理。"
    from app.extensions import db

    db.session.commit()
    folder = app.config["SEARCH_INDEX_DIR"]
    (path,) = glob.glob(os.path.join(folder, "texts-*.db"))
    con = sqlite3.connect(path)
    rows = con.execute("SELECT count(*) FROM postings WHERE field = 0 AND term = '受理'").fetchone()[0]
    batches = con.execute("SELECT v FROM meta WHERE k = 'batches'").fetchone()[0]
    con.close()
    assert batches < 5 and rows <= batches + 1  # merged into one row, then the batches since
    assert len(keys(whoosh_engine.search("窗口受理", per_page=None))) == 7
    assert keys(whoosh_engine.search("改写之后", per_page=None)) == [f"gd:{made[0].id}"]
    assert len(keys(whoosh_engine.search("合并之前", per_page=None))) == 7


def test_lazy_ranking_order_is_the_fully_scored_order(app, whoosh_engine, library, monkeypatch):
    from app.search import engine

    gov("施行报告", "施行情况报告，自发布之日起施行。")  # a title hit
    queries = ("起施行", "施行", "报告", "日起施行", "规定 施行", "施行 OR 报告", "施行 -报告", "第1")
    walked = []
    real = engine._Ranking._words_lazily
    monkeypatch.setattr(engine._Ranking, "_words_lazily", lambda self: walked.append(len(self.words)) or real(self))
    lazy = {q: [(h.key, round(h.score, 9)) for h in whoosh_engine.search(q, per_page=None).hits] for q in queries}
    tops = {q: keys(whoosh_engine.search(q, per_page=20)) for q in queries}
    assert walked and min(walked) > 1  # several ranking words walked side by side
    monkeypatch.setattr(engine, "SMALL", 10**9)  # every candidate scored, then sorted
    for q in queries:
        assert tops[q] == [k for k, _s in lazy[q][:20]], q
    for q in queries:
        assert [(h.key, round(h.score, 9)) for h in whoosh_engine.search(q, per_page=None).hits] == lazy[q], q


def test_start_up_opens_an_existing_index_and_never_creates_one(app, whoosh_engine):
    import shutil

    from app.search import warmup

    folder = app.config["SEARCH_INDEX_DIR"]
    shutil.rmtree(folder, ignore_errors=True)
    warmup.warm(app)
    assert not os.path.exists(folder)  # e.g. before `flask db upgrade`: an empty index would stay empty
    g = gov("开办指引", "企业开办全程网办。")
    fresh = app.extensions["search"] = make_backend(app)  # a worker starting now
    warmup.warm(app)
    assert fresh._view is not None and len(fresh._view.docs) == 1
    assert keys(fresh.search("全程网办")) == [f"gd:{g.id}"]


def test_parallel_rebuild_gives_what_a_serial_one_gives(app, whoosh_engine, library, monkeypatch):
    import multiprocessing

    from app.search import engine

    contexts = []
    real = multiprocessing.get_context
    monkeypatch.setattr(
        engine.multiprocessing, "get_context", lambda method=None: contexts.append(method) or real(method)
    )
    queries = ("起施行", "每年报告", "第1", "施行 -报告", "规定", "第1号", "日起施行")
    before = {q: keys(whoosh_engine.search(q, per_page=None)) for q in queries}
    monkeypatch.setattr(engine, "REBUILD_CHUNK", 16)
    # 71 documents: five chunks, analysed (and their postings built) in 2 processes
    assert whoosh_engine.rebuild(procs=2) == 71
    assert contexts == ["fork"]
    assert {q: keys(whoosh_engine.search(q, per_page=None)) for q in queries} == before
    assert whoosh_engine.rebuild(procs=1) == 71
    assert {q: keys(whoosh_engine.search(q, per_page=None)) for q in queries} == before


def test_title_hits_of_a_common_term_ranked_lazily_in_the_full_order(app, whoosh_engine, library, monkeypatch):
    """Issue 18: a term in the titles of more than SMALL candidates (规定: 70 titles) walks the
    exact titles, the ranking word's stored order, then the dates, instead of scoring every title
    hit; the pages are the fully sorted ranking's."""
    from app.search import engine

    exact = gov("规定", "规定全文。")  # an exact title ranks first
    gov("规定汇编", "规定规定规定，施行。")  # the word many times in the text
    gov("无题", "本文只在正文提到规定。")  # not a title hit: after every title hit
    queries = ("规定", "号规定", "规定 -施行", "规定 OR 汇编")
    pages = {q: [keys(whoosh_engine.search(q, page=p, per_page=20)) for p in (1, 2, 3, 4)] for q in queries}
    scores = {q: [(h.key, round(h.score, 9)) for h in whoosh_engine.search(q, per_page=None).hits] for q in queries}
    walked = []
    real = engine._Ranking._titled_lazily
    monkeypatch.setattr(engine._Ranking, "_titled_lazily", lambda self, t: walked.append(len(t)) or real(self, t))
    whoosh_engine.search("规定", per_page=20)
    assert walked and walked[0] > engine.SMALL  # the lazy walk is what answered
    monkeypatch.setattr(engine, "SMALL", 10**9)  # every candidate scored, then sorted
    for q in queries:
        full = [(h.key, round(h.score, 9)) for h in whoosh_engine.search(q, per_page=None).hits]
        assert full == scores[q], q
        assert pages[q] == [[k for k, _s in full[i * 20 : (i + 1) * 20]] for i in range(4)], q
    assert keys(whoosh_engine.search("规定", per_page=1)) == [f"gd:{exact.id}"] == [scores["规定"][0][0]]
    assert scores["规定"][-1][1] < 1000  # 无题: the one hit without the term in its title, last


def test_terms_of_three_characters_are_answered_by_their_trigram_postings(app, whoosh_engine, library, monkeypatch):
    """Issue 18: the postings hold trigrams too, so a 3-character term (or exclusion) reads no text,
    and a longer phrase checks few texts that lack it."""
    reads = []
    real = segments.TextStore.map
    monkeypatch.setattr(segments.TextStore, "map", lambda self, name, end: reads.append(name) or real(self, name, end))
    got = keys(whoosh_engine.search("起施行", per_page=None))
    assert len(got) == 70 and reads == []  # 无关文件 holds 起草、施行: its bigrams, not the trigram
    assert len(keys(whoosh_engine.search("施行 -起施行", per_page=None))) == 1 and reads == []
    got = keys(whoosh_engine.search("每年报 -第1号", per_page=None))  # 第1号规定 dropped, 第10号… kept
    assert len(got) == 51 and f"gd:{library[1].id}" not in got and reads == []
    assert keys(whoosh_engine.search("起草、施", per_page=None)) == keys(
        whoosh_engine.search("草、施行", per_page=None)
    )
    assert len(reads) <= 2  # the one text holding both trigrams of each


def test_a_candidate_lacking_a_four_character_run_is_rejected_without_reading_its_text(app, whoosh_engine):
    """Issue 18: 关或者下 has both trigrams (关或者, 或者下) in a text that lacks it; the text's stored
    4-character-run hashes reject it. Proof that the text is not read: it is overwritten in the
    store with the phrase itself, and still no hit; a real hit is still checked literally."""
    lacking = gov("其他机关规定", "有关或者其他机关，或者下级机关。")
    holding = gov("机关或者下级", "上级机关或者下级机关。")
    assert set(keys(whoosh_engine.search("关或者下", per_page=None))) == {f"gd:{holding.id}"}
    view = whoosh_engine._current_view()
    info = view.docs[view.docnum_of[f"gd:{lacking.id}"]]
    assert info.quads > 0
    fake = "关或者下".encode().ljust(info.length, b" ")
    with open(os.path.join(app.config["SEARCH_INDEX_DIR"], info.store), "r+b") as fh:
        fh.seek(info.offset)
        fh.write(fake)
    fresh = make_backend(app)  # maps the changed file
    assert keys(fresh.search("关或者下", per_page=None)) == [f"gd:{holding.id}"]
    assert keys(fresh.search("关或者下级", per_page=None)) == [f"gd:{holding.id}"]
    assert set(keys(fresh.search("或者 -关或者下", per_page=None))) == {f"gd:{lacking.id}"}
    # the runs only reject: a term whose runs are all there is still read (the overwritten text now holds it)
    assert keys(fresh.search("有关或者其他", per_page=None)) == []


def test_four_character_run_hashes_are_sorted_and_distinct():
    import array

    got = array.array("I")
    got.frombytes(analysis.quad_hashes("一二三四一二三四五"))
    runs = got[: len(got) // 2]
    assert list(runs) == sorted(set(runs)) and len(runs) == 5  # 一二三四 二三四一 三四一二 四一二三 二三四五
    assert analysis.quad_hashes("一二三") == b""
    assert analysis.term_quad_hashes("ab cde") == []  # every run crosses the space
    assert len(analysis.term_quad_hashes("一二三四五")) == 2


def test_the_literal_check_starting_where_the_runs_first_occur_is_still_exact(app, whoosh_engine):
    """Issue 18: a hit's literal check starts at a lower bound from its 4-character runs' first
    blocks (analysis.RUN_BLOCK characters); terms late in long mixed ASCII/Chinese texts, terms
    whose runs occur early but the term only late, and runs all present without the term."""
    filler = "".join(f"第{i}条 abc，办理。" for i in range(400))  # several blocks, 1-3 bytes a character
    late = gov("晚出现", "甲乙丙丁开头。" + filler + "甲乙丙丁戊在最后 Ab12 甲乙丙丁")
    split = gov("分开", "甲乙丙丁。" + filler + "乙丙丁戊，丙丁戊己。")  # every run of 甲乙丙丁戊 but not the term
    got = {
        q: set(keys(whoosh_engine.search(q, per_page=None)))
        for q in ("甲乙丙丁戊", "乙丙丁戊", "ab12 甲乙丙丁", "丁戊在最后")
    }
    assert got["甲乙丙丁戊"] == {f"gd:{late.id}"}
    assert got["乙丙丁戊"] == {f"gd:{late.id}", f"gd:{split.id}"}
    assert got["ab12 甲乙丙丁"] == {f"gd:{late.id}"} and got["丁戊在最后"] == {f"gd:{late.id}"}
    assert keys(whoosh_engine.search("第399条 abc", per_page=None)) != []
    assert set(keys(whoosh_engine.search("第399条 -甲乙丙丁戊", per_page=None))) == {f"gd:{split.id}"}
