"""Query budgets of the main pages (issue 17): each page issues a fixed number of SQL statements
whatever the number of rows (no N+1), and what is kept between requests is recomputed as soon as
its data changes."""

from datetime import date, timedelta

import pytest
from flask import g

from app.core import cache
from app.documents.services import signatures
from app.extensions import db
from tests.factories import statements
from tests.search.helpers import controlled, gov


def _get(client, path) -> tuple[int, str]:
    # Under gunicorn every request starts a new session; the test client shares the fixture's app
    # context (and so its session, full of rows expired by the last commit) unless removed here.
    db.session.remove()
    g.pop("_login_user", None)  # Flask-Login keeps the user in g, which outlives the request here
    with statements() as seen:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(seen), response.get_data(as_text=True)


def _library(n: int, start: int = 0) -> None:
    """n documents in force, n/4 in review, n/4 drafts, and n government documents mentioning 窗口."""
    for i in range(start, start + n):
        controlled(f"窗口服务规范{i}", f"第一条　窗口工作人员应当首问负责。编号{i}", category=f"类别{i % 3}")
        gov(f"关于窗口建设的通知{i}", f"各窗口应当一次性告知。{i}", category="政务服务")
    for i in range(start, start + n // 4):
        controlled(f"窗口审核稿{i}", "窗口审核中的文字", status="in_review")
        controlled(f"窗口草稿{i}", "窗口草稿的文字", status="draft")


HOME_BUDGET = 33  # cold: user; the center's name (kept per worker); documents 10 (in review + documents + signatures + kind, drafts, in force +
# documents, reading, reviews, dates); the signature check 8 (its stamp, audit entries, versions with
# documents, signatures, signers); lights; months, votes; hall 4; quality 4
HOME_WARM_BUDGET = 5  # user; the signature check's stamp (2), its kept failing versions and their documents


def _stamp_reads(app) -> int:
    """One SELECT of the cache stamps when a request starts, where they live in the database."""
    return 1 if cache.stamps_kind(app.config) == "database" else 0


def _engine_statements(app) -> int:
    """The search inside PostgreSQL asks the database (candidates, their texts, the count)."""
    from app.search.backend import search_engine_name

    return 3 if search_engine_name(app) == "postgres" else 0


def test_home_page_statements_do_not_grow_with_documents(app, client, users, auth):
    auth.login(users["admin"])
    _library(4)
    cache.clear(app)
    signatures._failing_cache.clear()  # the signature check keeps its own stamp; count it cold too
    small, page = _get(client, "/")
    assert "份现行文件待您签阅" in page
    _library(16, start=100)
    cache.clear(app)
    signatures._failing_cache.clear()
    large, page = _get(client, "/")
    assert "有 20 份现行文件待您签阅" in page
    assert large == small <= HOME_BUDGET + _stamp_reads(app)
    warm, _ = _get(client, "/")
    assert warm <= HOME_WARM_BUDGET + _stamp_reads(app)


def test_home_tasks_follow_a_change_at_once(app, client, users, auth):
    auth.login(users["window_staff"])
    controlled("窗口服务规范", "第一条　首问负责。")
    assert "有 1 份现行文件待您签阅" in client.get("/").get_data(as_text=True)
    assert "有 1 份现行文件待您签阅" in client.get("/").get_data(as_text=True)  # kept
    controlled("收费公示制度", "第一条　明码标价。")  # a commit on the documents topic
    assert "有 2 份现行文件待您签阅" in client.get("/").get_data(as_text=True)


def test_search_page_statements_do_not_grow_with_hits(app, client, users, auth):
    auth.login(users["doc_manager"])
    _get(client, "/search/?q=窗口")  # a worker that served any page keeps the center tree (no document changes it)
    _library(2)
    few, page = _get(client, "/search/?q=窗口")
    assert "共找到 4 个文件" in page
    _library(8, start=100)
    many, page = _get(client, "/search/?q=窗口")
    assert "共找到 24 个文件" in page and page.count('class="search-result"') == 20
    extra = _stamp_reads(app) + _engine_statements(app)
    assert many <= few <= 9 + extra, (few, many)  # user, 4 DISTINCT suggestions (the data changed), 3 hits, 1 gov
    warm, _ = _get(client, "/search/?q=窗口")
    assert warm <= 5 + extra  # user, the page's versions (+ documents, + their versions' states), government documents


def test_search_filter_suggestions_are_kept_until_a_document_changes(app, client, users, auth):
    auth.login(users["window_staff"])
    gov("关于窗口建设的通知", "各窗口应当一次性告知。", category="政务服务")
    _get(client, "/search/")
    with statements() as seen:
        client.get("/search/")
    assert not [s for s in seen if "DISTINCT" in s.upper()]
    gov("关于收费公示的通知", "明码标价。", category="价格监督")
    count, page = _get(client, "/search/")
    assert "价格监督" in page


def test_one_result_status_per_hit_is_exact(app, client, users, auth):
    """Loading the hits in one batch keeps each version's status: 现行 and 已替代 side by side."""
    old = controlled("窗口服务规范", "窗口旧版文字", effective=date.today() - timedelta(days=100))
    from app.documents.models import DocumentVersion

    new = DocumentVersion(
        document=old.document,
        revision="B/0",
        content_md="窗口新版文字",
        status="approved",
        effective_date=date.today() - timedelta(days=5),
    )
    db.session.add(new)
    db.session.commit()
    auth.login(users["doc_manager"])
    page = client.get("/search/?q=窗口").get_data(as_text=True)
    assert "现行" in page and "已替代" in page


@pytest.mark.parametrize("path", ["/documents/", "/records/lights"])
def test_list_pages_statements_do_not_grow_with_rows(app, client, users, auth, path):
    auth.login(users["admin"])
    _library(3)
    small, _ = _get(client, path)
    _library(12, start=100)
    large, _ = _get(client, path)
    assert large <= small <= 10, (small, large)


def test_register_count_and_categories_follow_a_new_document(app, client, users, auth):
    auth.login(users["admin"])
    controlled("窗口服务规范", "第一条　首问负责。", category="窗口管理")
    page = client.get("/documents/").get_data(as_text=True)
    assert "价格公示" not in page
    controlled("收费公示制度", "第一条　明码标价。", category="价格公示")
    page = client.get("/documents/").get_data(as_text=True)
    assert "收费公示制度" in page and "价格公示" in page
    from app.documents import queries

    with app.test_request_context():
        app.preprocess_request()
        assert queries.register_page(date.today())[0].total == 2
    controlled("排队叫号规定", "第一条　先到先办。")
    with app.test_request_context():
        app.preprocess_request()
        assert queries.register_page(date.today())[0].total == 3  # the kept count moved on
