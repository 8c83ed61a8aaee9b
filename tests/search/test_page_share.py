"""Issue 17 (the search page share) and issue 18 (a fresh worker's first search): snippets clean
only the first lines of a long body, and the start-up warm-up computes the page's filter
suggestions and compiles its statements before the first request."""

from app.extensions import db
from app.search import warmup
from app.search.analysis import highlight_pattern
from app.search.services import results
from tests.search.helpers import gov
from tests.test_page_budgets import statements


def _whole(text, pattern, limit=2):
    """The snippets as cut before: the whole body cleaned of its Markdown marks first."""
    text = results._clean(text)
    out, end_prev = [], -1
    for m in pattern.finditer(text):
        if m.start() < end_prev:
            continue
        start, end = max(m.start() - results.SNIPPET_RADIUS, 0), min(m.end() + results.SNIPPET_RADIUS, len(text))
        piece = " ".join(text[start:end].split())
        out.append(("…" if start else "") + str(results.mark(piece, pattern)) + ("…" if end < len(text) else ""))
        end_prev = end
        if len(out) >= limit:
            break
    return out


def test_snippets_of_a_long_body_clean_only_its_first_lines(monkeypatch):
    lines = []
    for i in range(400):
        lines.append(
            f"## 第{i}节 **窗口**服务" if i % 50 == 0 else f"| 第{i}行 | 内容{'窗口' if i % 97 == 0 else '其他'} |"
        )
        if i % 50 == 1:
            lines.append("|---|---|")
    body = "\n".join(lines)
    cleaned = []
    real = results._clean
    monkeypatch.setattr(results, "_clean", lambda t: cleaned.append(len(t)) or real(t))
    for term in ("窗口", "内容窗口", "第0节", "第399行", "不存在"):
        pattern = highlight_pattern([term])
        cleaned.clear()
        got = [str(s) for s in results.snippets(body, pattern)]
        assert got == _whole(body, pattern), term
        if term == "窗口":
            assert sum(cleaned[:-1]) < results.CLEAN_STEP * 2 < len(body)  # two matches in the first lines
    assert [str(s) for s in results.snippets(body, None)] == [" ".join(real(body).split())[:80]]
    assert results.snippets("", highlight_pattern(["窗口"])) == [] and results.snippets("", None) == []


def test_start_up_computes_the_filter_suggestions(app, client, users, auth, monkeypatch):
    gov("关于窗口建设的通知", "各窗口应当一次性告知。", category="政务服务")
    db.session.commit()
    app.extensions["hallmark_cache"].values.clear()  # a worker starting now: nothing kept yet
    monkeypatch.setattr(app, "testing", False)
    warmup.warm(app)
    auth.login(users["window_staff"])
    with statements() as seen:
        page = client.get("/search/?q=窗口").get_data(as_text=True)
    assert "政务服务" in page and "共找到 1 个文件" in page
    assert not [s for s in seen if "DISTINCT" in s.upper()]  # the suggestions came from the warm-up
