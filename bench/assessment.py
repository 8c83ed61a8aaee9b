"""Assessment figures: scoring a month of 60 windows with 2,000 entries (target ≤ 50 ms), the
ranking page over 5 years of history (≤ 200 ms median, test client), the bulletin .docx (≤ 1 s).

    .venv/bin/python bench/assessment.py
"""

import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from app import create_app  # noqa: E402
from app.assessment.logic import schemes as sch  # noqa: E402
from app.assessment.logic.redflag import select_month  # noqa: E402
from app.assessment.logic.scoring import Entry, score_sheet  # noqa: E402
from app.assessment.models import AssessmentMonth, FlagAward, ScoreEntry, ScoreSheet  # noqa: E402
from app.assessment.services.scheme_versions import attach  # noqa: E402
from app.auth.models import User  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.documents.models import APPROVED, Document, DocumentVersion  # noqa: E402
from app.extensions import db  # noqa: E402
from app.records.models import Department, Window  # noqa: E402

WINDOWS, ENTRIES, YEARS = 60, 2000, 5
rng = random.Random(2026)
SCHEME = sch.default_scheme()
CODES = [i.code for c in SCHEME.categories for i in c.items if i.max_points is None] + ["B1", "B2", "B3"]


def month_entries(n_windows=WINDOWS, n_entries=ENTRIES):
    per = [[] for _ in range(n_windows)]
    for k in range(n_entries):
        per[rng.randrange(n_windows)].append(Entry(rng.choice(CODES), rng.choice([1, 1, 1, 2, 3]), None, k))
    return per


def bench_scoring():
    per = month_entries()
    runs = []
    for _ in range(30):
        t = time.perf_counter()
        results = [score_sheet(SCHEME, es) for es in per]
        runs.append((time.perf_counter() - t) * 1000)
    assert len(results) == WINDOWS
    return statistics.median(runs), max(runs)


def build_history(app):
    admin = User(username="bench", display_name="基准", role="admin")
    admin.set_password("benchmark-pass")
    db.session.add(admin)
    doc = Document(kind="rule", number=sch.RULE_NUMBER, seq=17, title=sch.RULE_TITLE)
    db.session.add(doc)
    db.session.flush()
    dv = DocumentVersion(
        document=doc, revision="B/0", content_md="正文", status=APPROVED, effective_date=date(2019, 1, 1)
    )
    db.session.add(dv)
    db.session.flush()
    sv = attach(admin, dv, SCHEME)
    dept = Department(name="基准单位")
    db.session.add(dept)
    db.session.flush()
    windows = [Window(number=str(i + 1), name=f"窗口{i + 1}", department_id=dept.id) for i in range(WINDOWS)]
    db.session.add_all(windows)
    db.session.commit()
    year0 = 2022
    for y in range(year0, year0 + YEARS):
        for mo in range(1, 13):
            m = AssessmentMonth(year=y, month=mo, scheme_version_id=sv.id, status="final", opened_by_id=admin.id)
            db.session.add(m)
            db.session.flush()
            per = month_entries()
            sheet_rows, entry_rows = [], []
            for w, es in zip(windows, per, strict=False):
                res = score_sheet(SCHEME, es)
                facts = {
                    "valid_complaints": int(rng.random() < 0.1),
                    "red_cases": int(rng.random() < 0.1),
                    "unresolved_bad_ratings": 0,
                    "case_volume": rng.randint(50, 900),
                }
                sheet_rows.append(
                    dict(
                        month_id=m.id,
                        window_id=w.id,
                        window_name=f"{w.number}号 {w.name}",
                        total=res.total,
                        deductions=res.deductions,
                        bonus=res.bonus,
                        vetoed=res.vetoed,
                        breakdown_json=json.dumps(res.breakdown()),
                        facts_json=json.dumps(facts),
                    )
                )
            db.session.execute(db.insert(ScoreSheet), sheet_rows)
            ids = dict(
                db.session.execute(db.select(ScoreSheet.window_id, ScoreSheet.id).filter_by(month_id=m.id)).all()
            )
            for w, es in zip(windows, per, strict=False):
                for e in es:
                    entry_rows.append(
                        dict(
                            sheet_id=ids[w.id],
                            item_code=e.item_code,
                            item_name=e.item_code,
                            count=e.count,
                            note="基准数据",
                            status="accepted",
                        )
                    )
            db.session.execute(db.insert(ScoreEntry), entry_rows)
            db.session.flush()
            from app.assessment.queries.awards import rows_of

            out = select_month(rows_of(m.id), SCHEME.red_flag)
            for wid in out.flags:
                r = out.by_window()[wid]
                db.session.add(
                    FlagAward(
                        period="month",
                        year=y,
                        number=mo,
                        month_id=m.id,
                        window_id=wid,
                        window_name=r.row.name,
                        rank=r.rank,
                        score=r.row.total,
                    )
                )
        db.session.commit()
    return admin, year0 + YEARS - 1


def timed_get(client, url, n):
    runs = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.get(url)
        runs.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    return statistics.median(runs), max(runs), len(r.data)


def main():
    med, worst = bench_scoring()
    print(
        f"scoring a month: {WINDOWS} windows, {ENTRIES} entries: median {med:.1f} ms, max {worst:.1f} ms (target ≤ 50 ms)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(TestConfig(tmp, UPLOAD_DIR=os.path.join(tmp, "uploads")))
        with app.app_context():
            db.create_all()
            t = time.perf_counter()
            admin, last_year = build_history(app)
            print(
                f"history: {YEARS} years × 12 months × {WINDOWS} windows, {YEARS * 12 * ENTRIES:,} entries "
                f"(built in {time.perf_counter() - t:.1f} s)"
            )
            client = app.test_client()
            client.post("/login", data={"username": "bench", "password": "benchmark-pass"})
            med, worst, size = timed_get(client, f"/assessment/{last_year}/12/ranking", 30)
            print(
                f"ranking page {last_year}-12 (5 years of history): median {med:.1f} ms, max {worst:.1f} ms, "
                f"{size // 1024} KB (target ≤ 200 ms median)"
            )
            med, worst, _ = timed_get(client, f"/assessment/flags?year={last_year}", 10)
            print(f"red flags of the year page: median {med:.1f} ms, max {worst:.1f} ms")
            med, worst, _ = timed_get(client, "/assessment/windows/1", 10)
            print(f"window history page (trend, flags): median {med:.1f} ms")
            med, worst, size = timed_get(client, f"/assessment/{last_year}/12/bulletin.docx", 5)
            print(
                f"bulletin .docx ({WINDOWS} windows): median {med:.0f} ms, max {worst:.0f} ms, {size // 1024} KB (target ≤ 1 s)"
            )
            sheet_id = db.session.scalar(db.select(ScoreSheet.id).order_by(ScoreSheet.id.desc()).limit(1))
            med, worst, _ = timed_get(client, f"/assessment/sheets/{sheet_id}", 10)
            print(f"one score sheet page: median {med:.1f} ms")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
