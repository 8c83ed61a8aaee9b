"""Benchmarks of the controlled-document core (issue 2). Prints:

- import time of a 200-article .docx (built with python-docx) as a new draft
- export time of that version as an official-layout .docx
- register page time (test client, median of N) with 1,000 documents x 10 versions
- compare time of two versions of a 200-article rule
- when ../shared/corpus/laws exists: real multi-version laws loaded as versions, compared

Targets on a 2-core machine: each <= 1 s; register and compare <= 150 ms median.
Run: .venv/bin/python bench/documents.py
"""

from __future__ import annotations

import io
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docx import Document as WordDocument  # noqa: E402
from flask import current_app  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import User  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.documents import services  # noqa: E402
from app.documents.logic import lifecycle as lc  # noqa: E402
from app.documents.logic.diff import compare_markdown  # noqa: E402
from app.documents.models import Document, DocumentVersion  # noqa: E402
from app.documents.services import transfer  # noqa: E402
from app.extensions import db  # noqa: E402
from app.rules.logic.articles import int_to_cn  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "laws"
PASSWORD = "bench-password-1"
PHRASES = [
    "窗口工作人员应当",
    "按照承诺时限办结",
    "一次性告知申请人所需材料",
    "首问负责",
    "不得推诿",
    "对群众反映的问题",
    "应当在规定时间内答复",
    "考核结果与评先评优挂钩",
    "由督查科负责检查",
    "并记录在案",
]


def timed(fn, repeat=1):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def article_text(rng, n):
    return (
        "".join(rng.choice(PHRASES) + ("，" if i % 3 else "；") for i in range(rng.randint(3, 8))).rstrip("，；") + "。"
    )


def rule_markdown(articles=200, seed=1, chapter_every=20):
    rng = random.Random(seed)
    lines = []
    for n in range(1, articles + 1):
        if (n - 1) % chapter_every == 0:
            lines += [f"## 第{int_to_cn((n - 1) // chapter_every + 1)}章 第{(n - 1) // chapter_every + 1}部分", ""]
        lines += [f"第{int_to_cn(n)}条　{article_text(rng, n)}", ""]
    return "\n".join(lines)


def revise(markdown: str, seed=5, share=0.1):
    """A realistic revision: about `share` of the articles get a few characters changed,
    a few articles are inserted and a few removed (numbering kept as written)."""
    rng = random.Random(seed)
    out = []
    for line in markdown.splitlines():
        if line.startswith("第") and "条" in line[:8] and rng.random() < share:
            action = rng.random()
            if action < 0.1:
                continue  # removed
            pos = rng.randint(6, max(6, len(line) - 2))
            line = (
                line[:pos]
                + rng.choice(["并及时报告", "（含周末）", "不少于两人", ""])
                + line[pos + rng.randint(0, 3) :]
            )
            if action > 0.9:
                out += [line, "", "第X条　新增：" + rng.choice(PHRASES) + "。"]
                continue
        out.append(line)
    return "\n".join(out)


def docx_of(markdown: str, title: str) -> bytes:
    doc = WordDocument()
    doc.add_heading(title, level=0)
    for line in markdown.splitlines():
        if line.startswith("## "):
            doc.add_heading(line[3:], level=1)
        elif line.strip():
            doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def make_users():
    users = {}
    for username, role in (("author", "doc_manager"), ("reviewer", "doc_manager"), ("approver", "admin")):
        u = User(username=username, display_name=username, role=role)
        u.set_password(PASSWORD)
        db.session.add(u)
        users[username] = u
    db.session.commit()
    for kind in ("rule", "manual", "procedure", "instruction", "form"):
        s = services.kind_setting(kind)
        s.reviewer_ids, s.approver_id = str(users["reviewer"].id), users["approver"].id
    db.session.commit()
    return users


def approve(users, version, effective):
    services.submit(users["author"], version)
    services.sign(users["reviewer"], version, PASSWORD, lc.MEANING_REVIEWED)
    services.sign(users["approver"], version, PASSWORD, lc.MEANING_APPROVED, effective_date=effective, allow_past=True)


def bench_docx(users):
    md_old = rule_markdown(200, seed=1)
    doc = services.create_document(users["author"], "rule", "两百条的基准测试细则", "基准", content_md=md_old)
    approve(users, doc.versions[0], date(2020, 1, 1))
    data = docx_of(revise(md_old), "两百条的基准测试细则")
    t_import, draft = timed(
        lambda: transfer.import_docx(users["author"], doc, io.BytesIO(data), "bench.docx", "基准导入")
    )
    n_articles = len(re.findall(r"^第\S+条", draft.content_md, re.M))
    t_export, (stream, _name) = timed(lambda: transfer.export_docx(users["author"], doc.versions[0], controlled=True))
    print(f"import  200-article .docx ({len(data) // 1024} KB, {n_articles} articles read): {t_import * 1000:7.1f} ms")
    print(
        f"export  200-article version as .docx ({len(stream.getvalue()) // 1024} KB):       {t_export * 1000:7.1f} ms"
    )
    t_cmp, changes = timed(lambda: compare_markdown(doc.versions[0].content_md, draft.content_md), repeat=9)
    changed = sum(1 for c in changes if c.kind != "same")
    print(
        f"compare two versions of a 200-article rule ({changed} blocks differ), median of 9:      {t_cmp * 1000:7.1f} ms"
    )
    other = rule_markdown(200, seed=2)
    t_worst, changes = timed(lambda: compare_markdown(md_old, other), repeat=5)
    changed = sum(1 for c in changes if c.kind != "same")
    print(
        f"compare, worst case: every article rewritten ({changed} blocks differ), median of 5: {t_worst * 1000:7.1f} ms"
    )
    client = current_app.test_client()
    client.post("/login", data={"username": "author", "password": PASSWORD})
    url = f"/documents/{doc.id}/compare?a={doc.versions[0].id}&b={draft.id}"
    t_page, resp = timed(lambda: client.get(url), repeat=9)
    assert resp.status_code == 200
    print(f"compare page (HTTP, same two versions), median of 9:                    {t_page * 1000:7.1f} ms")
    return doc, draft


def bulk_register(users, n_docs=1000, n_versions=10):
    """1,000 documents x 10 versions inserted in bulk (the services' per-row audit is not the point here)."""
    rng = random.Random(7)
    kinds = ["rule", "procedure", "instruction", "form"]
    cats = ["窗口管理", "考核评比", "综合管理", "质量体系", "督查督办", "后勤保障"]
    base_md = rule_markdown(15, seed=3)
    docs, versions = [], []
    start_id = (db.session.scalar(db.select(db.func.max(Document.id))) or 0) + 1
    for i in range(n_docs):
        kind = kinds[i % 4]
        doc_id = start_id + i
        docs.append(
            dict(
                id=doc_id,
                kind=kind,
                number=f"BM-{kind[:2].upper()}-{i:04d}",
                seq=i + 1,
                title=f"基准文件第{i + 1}号",
                category=cats[i % len(cats)],
                owner_office="综合科",
                review_interval_months=12,
                distribution="all",
                iso_clause="",
                row_version=1,
                created_at=date(2015, 1, 1),
                repealed_on=date(2024, 1, 1) if i % 50 == 0 else None,
            )
        )
        for j in range(n_versions):
            last = j == n_versions - 1
            status = lc.APPROVED if not last or i % 5 else rng.choice([lc.DRAFT, lc.IN_REVIEW, lc.APPROVED])
            eff = date(2015, 1, 1) + timedelta(days=200 * j) if status == lc.APPROVED else None
            if last and status == lc.APPROVED and i % 7 == 0:
                eff = date.today() + timedelta(days=90)
            versions.append(
                dict(
                    document_id=doc_id,
                    revision=f"A/{j}",
                    content_md=base_md,
                    change_reason="修订",
                    status=status,
                    effective_date=eff,
                    author_id=users["author"].id,
                    created_at=date(2015, 1, 1),
                    updated_at=date(2015, 1, 1),
                    review_round=1,
                    row_version=1,
                    content_sha256=lc.content_sha256(base_md),
                )
            )
    db.session.execute(db.insert(Document), docs)
    db.session.execute(db.insert(DocumentVersion), versions)
    db.session.commit()


def bench_register(app, users, repeat=21):
    client = app.test_client()
    client.post("/login", data={"username": "author", "password": PASSWORD})
    results = {}
    for label, url in (
        ("register page 1", "/documents/"),
        ("register filtered (kind+status)", "/documents/?kind=rule&status=current"),
        ("register page 30", "/documents/?page=30"),
    ):
        client.get(url)  # warm up
        t, resp = timed(lambda: client.get(url), repeat=repeat)
        assert resp.status_code == 200, resp.status_code
        results[label] = t
    n = db.session.scalar(db.select(db.func.count()).select_from(DocumentVersion))
    d = db.session.scalar(db.select(db.func.count()).select_from(Document))
    for label, t in results.items():
        print(f"{label:<34} ({d} documents, {n} versions), median of {repeat}: {t * 1000:7.1f} ms")


def law_versions(name_prefix):
    files = sorted(
        p for p in CORPUS.rglob("*.md") if re.fullmatch(re.escape(name_prefix) + r"\(\d{4}-\d{2}-\d{2}\)\.md", p.name)
    )
    out = []
    for p in files:
        text = p.read_text("utf-8")
        body = text.split("<!-- INFO END -->", 1)[-1].strip() + "\n"
        day = date.fromisoformat(re.search(r"\((\d{4}-\d{2}-\d{2})\)", p.name).group(1))
        out.append((day, body))
    return out


def bench_corpus(users):
    if not CORPUS.is_dir():
        print("(../shared/corpus/laws is absent: real-law comparison skipped)")
        return
    for name in ("行政复议法", "道路运输条例", "公司法"):
        versions = law_versions(name)
        if len(versions) < 2:
            print(f"{name}: fewer than two versions in the corpus, skipped")
            continue
        doc = services.create_document(users["author"], "rule", name, "外部法规基准", content_md=versions[0][1])
        approve(users, doc.versions[0], versions[0][0])
        for day, body in versions[1:]:
            draft = services.create_draft(users["author"], doc, content_md=body, change_reason="修正")
            approve(users, draft, day)
        vs = sorted(doc.versions, key=lambda v: v.effective_date)
        mid = vs[0].effective_date + timedelta(days=1)
        assert services.version_in_force(doc, mid) is vs[0]
        for old, new in zip(vs, vs[1:], strict=False):
            t, changes = timed(lambda: compare_markdown(old.content_md, new.content_md), repeat=5)
            kinds = {k: sum(1 for c in changes if c.kind == k) for k in ("changed", "added", "removed", "same")}
            n_art = len(re.findall(r"^第\S+条", new.content_md, re.M))
            data = docx_of(new.content_md, name)
            t_imp, parsed = timed(
                lambda: __import__("app.documents.docx_io", fromlist=["parse_docx"]).parse_docx(
                    io.BytesIO(data), "law.docx"
                )
            )
            print(
                f"{name} {old.effective_date}→{new.effective_date} ({n_art} articles): compare {t * 1000:6.1f} ms "
                f"(changed {kinds['changed']}, added {kinds['added']}, removed {kinds['removed']}, same {kinds['same']}); "
                f"its .docx parsed in {t_imp * 1000:6.1f} ms"
            )


def main():
    tmp = tempfile.mkdtemp(prefix="hallmark-bench-")
    app = create_app(TestConfig(tmp, SEARCH_INDEX_DIR=os.path.join(tmp, "idx"), UPLOAD_DIR=os.path.join(tmp, "up")))
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        db.create_all()
        users = make_users()
        print(f"HallMark documents benchmark — {db.engine.url.get_backend_name()}, Python {sys.version.split()[0]}")
        bench_docx(users)
        t0 = time.perf_counter()
        bulk_register(users)
        print(f"(bulk insert of 1,000 documents x 10 versions: {time.perf_counter() - t0:.1f} s)")
        bench_register(app, users)
        bench_corpus(users)


if __name__ == "__main__":
    main()
