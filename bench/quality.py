"""Quality figures (issue 16), on SQLite in a temporary directory:
  - gathering a management review's inputs (9.3.2) over the last year of a 60-window center
    whose database holds 2 million cases (bench/records.py's builder: 2017 … today, as the
    records bench reads the same words), plus 100,000 好差评, 2,000 complaints, 500
    commendations in the year: target ≤ 1 s. --in-year puts all the cases inside the reviewed
    year instead (the harder reading; printed for the record, not the target);
  - the nonconformity register page with 10,000 nonconformities (test client, logged in):
    target ≤ 150 ms median.

Run: .venv/bin/python bench/quality.py [--cases 2000000] [--ncs 10000] [--in-year] [--workdir DIR]
(--workdir keeps the database and reuses it on the next run.)
"""

import argparse
import importlib.util
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import insert  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import User  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.core.timeutil import local_today  # noqa: E402
from app.extensions import db  # noqa: E402
from app.quality import queries  # noqa: E402
from app.quality.logic.reviews import compose  # noqa: E402
from app.quality.logic.vocab import SOURCES, STEPS  # noqa: E402
from app.quality.models import NcStep, Nonconformity  # noqa: E402
from app.records.models import Case, Commendation, Complaint, Rating, Window  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def records_bench():
    """bench/records.py's builder of 60 windows and their cases, loaded as a module."""
    spec = importlib.util.spec_from_file_location("bench_records", os.path.join(HERE, "records.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def build(n_cases: int, n_ncs: int, first: date, rng: random.Random, in_year: bool) -> None:
    mod = records_bench()
    if in_year:
        mod.START = first  # every case inside the reviewed year
    mod.build(n_cases, rng)
    windows = [w.id for w in db.session.scalars(db.select(Window))]
    today = local_today()
    span = (today - first).days
    db.session.execute(
        insert(Rating),
        [
            {
                "rated_on": first + timedelta(days=rng.randrange(span)),
                "grade": rng.choice([5, 5, 5, 4, 4, 3, 2, 1]),
                "window_id": rng.choice(windows),
                "channel": "on_site",
                "comment": "",
                "verify_note": "",
                "rectify_note": "",
                "revisit_note": "",
                "excluded_reason": "",
                "appeal_reason": "",
                "appeal_note": "",
                "row_version": 1,
            }
            for _ in range(100_000)
        ],
    )
    rows = []
    for i in range(2000):
        on = first + timedelta(days=rng.randrange(span))
        valid = rng.random() < 0.3
        rows.append(
            {
                "number": f"TS{i:06d}",
                "received_on": on,
                "window_id": rng.choice(windows),
                "content": "投诉内容",
                "valid": valid,
                "finding": "true" if valid else "false",
                "deadline_on": on + timedelta(days=7),
                "replied_on": on + timedelta(days=rng.randint(2, 9)),
                "channel": "phone",
                "complainant": "",
                "contact": "",
                "handler_name": "",
                "verdict_reason": "",
                "result": "",
                "penalty": "",
                "revisit_note": "",
                "row_version": 1,
            }
        )
    db.session.execute(insert(Complaint), rows)
    db.session.execute(
        insert(Commendation),
        [
            {
                "received_on": first + timedelta(days=rng.randrange(span)),
                "window_id": rng.choice(windows),
                "kind": "letter",
                "media_level": "",
                "source": "",
                "content": "",
                "row_version": 1,
            }
            for _ in range(500)
        ],
    )
    # 10,000 nonconformities over five years, each with its steps so far
    states = [code for code, _l in STEPS] + ["closed", "closed", "closed", "voided"]
    ncs, t0 = [], today - timedelta(days=5 * 365)
    for i in range(n_ncs):
        found = t0 + timedelta(days=rng.randrange(5 * 365))
        ncs.append(
            {
                "number": f"BHG-{found.year}-{i:05d}",
                "source": rng.choice(list(SOURCES)),
                "source_ref": "",
                "title": f"不合格事项 {i}",
                "description": "事实描述",
                "found_on": found,
                "window_id": rng.choice(windows),
                "process": "",
                "iso_clause": rng.choice(["7.5", "8.5.1", "9.1.2", "10.2"]),
                "rule_number": "",
                "rule_article": "",
                "severity": rng.choice(["major", "minor", "minor", "observation"]),
                "state": rng.choice(states),
                "correction": "",
                "cause_method": "",
                "cause_category": "",
                "why_chain": "",
                "root_cause": "",
                "similar_note": "",
                "action_plan": "",
                "verification_note": "",
                "effectiveness_note": "",
                "close_comment": "",
                "row_version": 1,
            }
        )
    db.session.execute(insert(Nonconformity), ncs)
    ids = db.session.execute(db.select(Nonconformity.id, Nonconformity.state, Nonconformity.found_on)).all()
    order = [c for c, _l in STEPS]
    steps = []
    for nid, state, found in ids:
        upto = len(order) if state in ("closed", "voided") else order.index(state) + 1
        for k, step in enumerate(order[:upto]):
            done = k < upto - 1 or state in ("closed", "voided")
            start = found + timedelta(days=3 * k)
            steps.append(
                {
                    "nc_id": nid,
                    "step": step,
                    "started_on": start,
                    "due_on": start + timedelta(days=5),
                    "done_on": start + timedelta(days=2) if done else None,
                    "note": "",
                }
            )
    db.session.execute(insert(NcStep), steps)
    db.session.commit()
    with db.engine.begin() as c:
        c.exec_driver_sql("ANALYZE")


def median_ms(fn, runs: int):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=2_000_000)
    ap.add_argument("--ncs", type=int, default=10_000)
    ap.add_argument("--in-year", action="store_true", help="all cases inside the reviewed year")
    ap.add_argument("--workdir")
    args = ap.parse_args()
    today = local_today()
    first = date(today.year - 1, today.month, 1)
    last = today
    with tempfile.TemporaryDirectory() as tmp:
        tmp = args.workdir or tmp
        reuse = os.path.exists(os.path.join(tmp, "test.db"))
        app = create_app(TestConfig(tmp))
        with app.app_context():
            if reuse:  # indexes added to the models since the database was built
                for table in db.metadata.sorted_tables:
                    for ix in table.indexes:
                        ix.create(db.engine, checkfirst=True)
                with db.engine.begin() as c:
                    c.exec_driver_sql("ANALYZE")
            else:
                db.create_all()
                admin = User(username="admin", display_name="管理员", role="admin")
                admin.set_password("bench-pass")
                db.session.add(admin)
                db.session.commit()
                t = time.time()
                build(args.cases, args.ncs, first, random.Random(16), args.in_year)
                print(f"built the center in {time.time() - t:.0f} s")
            n_all = db.session.scalar(db.select(db.func.count()).select_from(Case))
            n_cases = db.session.scalar(db.select(db.func.count()).select_from(Case).where(Case.received_on >= first))
            n_ncs = db.session.scalar(db.select(db.func.count()).select_from(Nonconformity))
            print(
                f"database: {os.path.getsize(os.path.join(tmp, 'test.db')) / 1e6:.0f} MB; "
                f"{n_all:,} cases, {n_cases:,} of them received {first} … {last}; {n_ncs:,} nonconformities"
            )

            def gather():
                db.session.expire_all()
                return compose(queries.review_facts(first, last))

            out = gather()  # warm the page cache once, as a server that has been running would have
            c3 = out["9.3.2c3"]["lines"][0]
            med, worst = median_ms(gather, 9)
            print(f"management review inputs over {first} … {last}: median {med:.0f} ms (max {worst:.0f} ms)")
            print(f"  9.3.2c3: {c3}")

            client = app.test_client()
            client.post("/login", data={"username": "admin", "password": "bench-pass"})
            assert client.get("/quality/nc").status_code == 200

            def page(url):
                return lambda: client.get(url)

            nc_med, nc_max = median_ms(page("/quality/nc"), 15)
            open_med, _ = median_ms(page("/quality/nc?state=open"), 15)
            last_med, _ = median_ms(page("/quality/nc?page=150"), 15)
            print(
                f"nonconformity register (50 a page): median {nc_med:.0f} ms (max {nc_max:.0f} ms); "
                f"open only {open_med:.0f} ms; page 150 {last_med:.0f} ms"
            )
            ok = med <= 1000 and nc_med <= 150
            print("targets (review inputs ≤ 1 s, register ≤ 150 ms median):", "met" if ok else "NOT met")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
