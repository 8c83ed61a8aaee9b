"""The index follows the database: commits, rollbacks, failures, rebuilds, two writers."""

import json
import logging
import multiprocessing
import os
import shutil

import pytest

from app.extensions import db
from app.govdocs.models import GovDocument
from app.search.backend import get_backend, make_backend
from tests.search.helpers import controlled, gov, keys


@pytest.fixture
def whoosh_engine(app):
    """These tests are about the Whoosh index files and its per-worker text cache: on the
    PostgreSQL pass they use the Whoosh engine instead of the default one inside PostgreSQL."""
    app.config["SEARCH_BACKEND"] = "whoosh"
    app.extensions["search"] = make_backend(app)
    return app


def find(q, **kw):
    return keys(get_backend().search(q, per_page=None, **kw))


def test_commit_indexes_and_edit_is_seen_by_another_worker(app):
    g = gov("限时办结规定", "行政许可事项应当限时办结。")
    other_worker = make_backend(app)  # a second process's backend on the same index folder
    assert keys(other_worker.search("限时办结")) == [f"gd:{g.id}"]
    g.text = "承诺时限内完成首问负责制。"
    db.session.commit()
    assert keys(other_worker.search("首问负责制")) == [f"gd:{g.id}"]
    assert find("行政许可") == []


def test_rollback_leaves_index_untouched(app):
    g = gov("一次性告知制度", "窗口应当一次性告知。")
    before = get_backend().keys()
    g.text = "已经回滚的内容"
    db.session.add(GovDocument(title="回滚的文件", text="回滚的文件正文", sha256="f" * 64))
    db.session.flush()
    db.session.rollback()
    assert get_backend().keys() == before
    assert find("回滚") == []
    assert find("一次性告知") == [f"gd:{g.id}"]


def test_failed_index_write_is_logged_and_keeps_the_database_change(app, monkeypatch, caplog):
    gov("起始文件", "索引已经存在")
    backend = get_backend()

    def broken(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(backend, "update", broken)
    with caplog.at_level(logging.ERROR):
        g = gov("好差评实施细则", "差评应当核实整改。")
    assert "search index update failed" in caplog.text
    assert db.session.get(GovDocument, g.id).title == "好差评实施细则"
    monkeypatch.undo()
    assert find("好差评") == []
    runner = app.test_cli_runner()
    out = runner.invoke(args=["search", "check"])
    assert "需要更新 1 条" in out.output
    assert find("好差评") == [f"gd:{g.id}"]


def test_drafts_only_for_roles_that_may_see_them(app):
    draft = controlled("草拟中的窗口制度", "限时办结的草稿条款", status="draft")
    current = controlled("现行窗口制度", "限时办结的现行条款")
    assert find("限时办结") == [f"dv:{current.id}"]
    assert set(find("限时办结", include_restricted=True)) == {f"dv:{draft.id}", f"dv:{current.id}"}
    draft.status = "approved"
    draft.effective_date = current.effective_date
    db.session.commit()
    assert set(find("限时办结")) == {f"dv:{draft.id}", f"dv:{current.id}"}


def test_withdrawn_govdoc_leaves_the_index(app, users):
    from app.govdocs import services

    g = gov("暂行办法", "依申请公开的答复期限。")
    services.withdraw(users["admin"], g, "已被新办法取代", g.row_version)
    db.session.commit()  # as the request would: the index follows the commit
    assert find("依申请公开") == []


def _snapshot(backend, queries):
    return {q: sorted(keys(backend.search(q, per_page=None, include_restricted=True))) for q in queries}


def test_reindex_gives_the_same_results_as_incremental_indexing(app):
    gov("首问负责制", "首问责任人应当热情接待。", number="示政办〔2024〕12号")
    gov("一次性告知", "一次性告知申请人补正材料。")
    controlled("窗口纪律", "工作时间不得擅自离岗，首问负责。")
    controlled("草稿", "首问负责的草稿", status="draft")
    queries = ["首问", "告知", "〔2024〕12号", "离岗", "的", "首问 -草稿"]
    incremental = _snapshot(get_backend(), queries)
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "已索引 4 条" in result.output
    assert _snapshot(get_backend(), queries) == incremental
    assert _snapshot(make_backend(app), queries) == incremental


@pytest.mark.parametrize("damage", ["delete", "corrupt"])
def test_deleted_or_corrupted_index_is_rebuilt_from_the_database(app, whoosh_engine, damage):
    g = gov("企业开办指引", "企业开办全程网办。")
    folder = app.config["SEARCH_INDEX_DIR"]
    if damage == "delete":
        shutil.rmtree(folder)
    else:
        for name in os.listdir(folder):
            with open(os.path.join(folder, name), "wb") as fh:
                fh.write(b"garbage")
    fresh = make_backend(app)  # e.g. a worker starting after the damage
    assert keys(fresh.search("全程网办")) == [f"gd:{g.id}"]
    assert keys(get_backend().search("企业开办")) == [f"gd:{g.id}"]  # a worker that had it open


def _writer_process(instance, index_dir, upload_dir, start, count):
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db as _db
    from app.govdocs.models import GovDocument as G

    app = create_app(TestConfig(instance, SEARCH_INDEX_DIR=index_dir, UPLOAD_DIR=upload_dir))
    with app.app_context():
        for i in range(start, start + count):
            _db.session.add(G(title=f"并发文件{i}", text=f"并发写入测试第{i}号", sha256=f"{i:064d}"))
            _db.session.commit()


@pytest.mark.slow  # over 10 s on the shared 2-core machine
def test_two_writer_processes_lose_nothing(app, tmp_path, caplog):
    gov("起始文件", "并发之前的文件")
    get_backend().search("并发")  # the index exists before the writers start
    ctx = multiprocessing.get_context("spawn")
    args = (str(tmp_path), app.config["SEARCH_INDEX_DIR"], app.config["UPLOAD_DIR"])
    procs = [ctx.Process(target=_writer_process, args=(*args, start, 12)) for start in (1000, 2000)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    assert len(find("并发写入测试")) == 24
    index_keys = set(get_backend().keys())
    db_keys = {f"gd:{i}" for i in db.session.scalars(db.select(GovDocument.id))}
    assert index_keys == db_keys


def test_cli_query_prints_json_lines(app):
    g = gov("关于落实一次性告知制度的通知", "一次性告知全部补正内容。", number="示政办〔2024〕13号")
    gov("其他通知", "与此无关")
    result = app.test_cli_runner().invoke(args=["search", "query", "一次性告知", "--kind", "govdoc", "--limit", "5"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.strip().splitlines()]
    assert len(lines) == 1
    assert lines[0]["id"] == f"gd:{g.id}" and lines[0]["number"] == "示政办〔2024〕13号"
    assert set(lines[0]) == {"id", "kind", "number", "title", "status", "score"}


def test_bulk_loading_defers_to_one_index_write(app, monkeypatch):
    from app.search.index_events import deferred_indexing

    calls = []
    backend = get_backend()
    original = backend.update
    monkeypatch.setattr(backend, "update", lambda docs, removed=(): (calls.append(1), original(docs, removed)))
    with deferred_indexing(app):
        for i in range(5):
            gov(f"批量{i}", "批量导入的文件")
    assert len(calls) == 1
    assert len(find("批量导入")) == 5


def test_pending_version_becomes_visible_on_its_effective_date_without_reindex(app, monkeypatch):
    from datetime import date, timedelta

    import app.search.sources as sources

    tomorrow = date.today() + timedelta(days=1)
    pending = controlled("新版窗口制度", "明天起实行预约服务。", effective=tomorrow)
    backend = get_backend()
    monkeypatch.setattr(sources, "local_today", lambda: date.today())
    backend._today = date.today
    assert find("预约服务") == []
    assert find("预约服务", include_restricted=True) == [f"dv:{pending.id}"]
    monkeypatch.setattr(sources, "local_today", lambda: tomorrow)
    backend._today = lambda: tomorrow
    assert find("预约服务") == [f"dv:{pending.id}"]


def test_approving_a_new_version_updates_the_old_versions_status(app):
    from datetime import date, timedelta

    from app.documents.models import DocumentVersion

    old = controlled("窗口纪律", "不得擅自离岗。", effective=date.today() - timedelta(days=30))
    assert find("擅自离岗", filters={"status": "现行"}) == [f"dv:{old.id}"]
    new = DocumentVersion(
        document=old.document,
        revision="A/1",
        content_md="不得擅自离岗，离岗应登记。",
        status="approved",
        effective_date=date.today(),
    )
    db.session.add(new)
    db.session.commit()
    assert find("擅自离岗", filters={"status": "现行"}) == [f"dv:{new.id}"]
    assert find("擅自离岗", filters={"status": "已替代"}) == [f"dv:{old.id}"]


def test_stale_index_entry_is_checked_against_the_database_text(app, whoosh_engine, monkeypatch):
    g = gov("窗口制度", "窗口应当公示办事指南。")
    backend = get_backend()
    backend.search("窗口")  # the text is cached in this worker

    def lost(*_a, **_k):
        raise OSError("index write lost")

    monkeypatch.setattr(backend, "update", lost)
    g.text = "全部改写了"
    db.session.commit()
    assert find("公示") == []  # two characters, one bigram: still checked because the stamps differ
    assert find("办事指南") == []
