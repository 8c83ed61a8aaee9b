"""Benchmark of the records domain on SQLite (issue 4).

Builds, in a temporary directory, a center of 60 windows, 300 staff and 2 million cases over
10 years (2017-01 … today), then prints:
  - the monthly statistics page (办件情况统计表, with the year's totals), median of several loads
    through the Flask test client;
  - the red/yellow page (电子监察), median of several loads;
  - the import of 100,000 cases from an .xlsx file (all-or-nothing check, clock, bulk insert).
Targets: pages ≤ 300 ms median, import ≤ 60 s.

Run: .venv/bin/python bench/records.py [--cases 2000000] [--import-rows 100000]
"""

import argparse
import bisect
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import click  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import User  # noqa: E402
from app.centers.context import current_center_id  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.core.timeutil import local_today  # noqa: E402
from app.core.workdays import is_workday  # noqa: E402
from app.extensions import db  # noqa: E402
from app.records.models import Case, Department, ItemRevision, RosterEntry, ServiceItem, Staff, Window  # noqa: E402

START = date(2017, 1, 1)


def build(n_cases: int, rng: random.Random):
    today = local_today()
    depts = [Department(name=f"进驻单位{i + 1:02d}") for i in range(30)]
    db.session.add_all(depts)
    db.session.flush()
    windows = [
        Window(number=str(i + 1), name=f"窗口{i + 1}", department_id=depts[i % 30].id, opened_on=START)
        for i in range(60)
    ]
    db.session.add_all(windows)
    db.session.flush()
    staff = [Staff(name=f"人员{i + 1:03d}", department_id=depts[i % 30].id) for i in range(300)]
    db.session.add_all(staff)
    db.session.flush()
    for year in range(START.year, today.year + 1):
        db.session.execute(
            insert(RosterEntry),
            [
                {
                    "year": year,
                    "window_id": windows[i % 60].id,
                    "staff_id": s.id,
                    "position": i // 60 + 1,
                    "row_version": 1,
                }
                for i, s in enumerate(staff)
            ],
        )
    items, revs = [], []
    for i in range(300):
        item = ServiceItem(
            code=f"SX-{i + 1:03d}",
            name=f"事项{i + 1}",
            department_id=windows[i % 60].department_id,
            window_id=windows[i % 60].id,
        )
        items.append(item)
    db.session.add_all(items)
    db.session.flush()
    for i, item in enumerate(items):
        cls = "instant" if i % 4 == 0 else "committed"
        rev = ItemRevision(
            item_id=item.id,
            valid_from=START,
            handling_class=cls,
            legal_limit_days=20,
            committed_limit_days=0 if cls == "instant" else rng.choice([3, 5, 7, 10, 15]),
        )
        revs.append(rev)
    db.session.add_all(revs)
    db.session.commit()

    # Working-day table for fast due dates (the same calendar as app.core.workdays).
    days, d = [], START
    while d <= today + timedelta(days=400):
        if is_workday(d):
            days.append(d)
        d += timedelta(days=1)

    def nth_after(day, n):  # the n-th working day after `day` (n ≥ 0)
        i = bisect.bisect_right(days, day)
        return day if n == 0 else days[i + n - 1]

    workdays_until_today = [x for x in days if x <= today]
    per_day = n_cases / len(workdays_until_today)
    table = Case.__table__
    for ix in list(table.indexes):  # bulk load without indexes, then build them
        ix.drop(db.engine, checkfirst=True)
    rows, n, t0 = [], 0, time.time()
    conn = db.engine.raw_connection()
    center_id = current_center_id()  # raw bulk SQL names its center (the demo/default center)
    cols = [
        "center_id",
        "number",
        "window_id",
        "item_id",
        "item_revision_id",
        "handling_class",
        "is_instant",
        "limit_days",
        "applicant",
        "applicant_phone",
        "state",
        "outcome",
        "is_open",
        "received_at",
        "received_on",
        "accepted_on",
        "stopped_workdays",
        "due_on",
        "yellow_on",
        "completed_at",
        "completed_on",
        "used_days",
        "note",
        "created_at",
        "row_version",
    ]
    sql = f"INSERT INTO rec_cases ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})"
    now = datetime(2026, 1, 1).isoformat(" ")
    carry = 0.0
    for day in workdays_until_today:
        carry += per_day
        k, carry = int(carry), carry - int(carry)
        for _ in range(k):
            if n >= n_cases:
                break
            i = rng.randrange(300)
            rev = revs[i]
            limit = rev.committed_limit_days
            instant = limit == 0
            due = nth_after(day, limit)
            yellow = (
                max(day, days[max(0, bisect.bisect_left(days, due) - max(1, -(-limit * 20 // 100)))]) if limit else day
            )
            used = limit if instant else max(1, round(limit * (0.3 + 0.8 * rng.random())))
            if not instant and rng.random() < 0.05:  # late cases: red while open, overdue when done
                used = limit + rng.randint(1, 25)
            done = nth_after(day, used) if not instant else day
            open_ = done > today
            n += 1
            rows.append(
                (
                    center_id,
                    f"B{n:08d}",
                    items[i].window_id,
                    items[i].id,
                    rev.id,
                    rev.handling_class,
                    instant,
                    limit,
                    "申请人",
                    "",
                    "accepted" if open_ else "completed",
                    None if open_ else "approved",
                    open_,
                    f"{day} 09:00:00",
                    day.isoformat(),
                    day.isoformat(),
                    0,
                    due.isoformat(),
                    yellow.isoformat(),
                    None if open_ else f"{done} 17:00:00",
                    None if open_ else done.isoformat(),
                    None if open_ else used,
                    "",
                    now,
                    1,
                )
            )
            if len(rows) == 50000:
                conn.executemany(sql, rows)
                rows = []
    if rows:
        conn.executemany(sql, rows)
    conn.commit()
    conn.close()
    t1 = time.time()
    for ix in table.indexes:
        ix.create(db.engine)
    with db.engine.begin() as c:
        c.exec_driver_sql("ANALYZE")
    print(f"built {n:,} cases in {t1 - t0:.1f} s, indexes in {time.time() - t1:.1f} s")
    rebuild_summary()
    return windows, items


def rebuild_summary():
    """The raw inserts passed the app: the case summary is rebuilt from the cases, as
    `flask records rebuild-summary` does after a change made outside the app."""
    from app.records.services.summary import rebuild

    t = time.time()
    n = rebuild()
    db.session.commit()
    print(f"case summary rebuilt: {n:,} rows (window × month) in {time.time() - t:.1f} s")


def median_ms(client, url, runs=7, cold=False, changed=None):
    """Median time of `url`; cold=True forgets every kept page value (app/core/cache.py) before each
    load, as after a restart, so the figure is the SQL's; changed=[topics] forgets those only, as
    after a case of that month changed."""
    from app.core import cache

    client.get(url)  # warm-up
    times = []
    for _ in range(runs):
        if cold:
            cache.clear(client.application)
        elif changed:
            cache.clear(client.application, changed)
        t = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    return statistics.median(times)


def make_xlsx(path, n, windows, items, rng):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("办件")
    ws.append(["办件编号", "窗口号", "事项编码", "申请人", "收件日期", "受理日期", "办结日期", "办结结果", "经办人"])
    start = date(2025, 1, 2)
    for k in range(n):
        received = start + timedelta(days=k % 600)
        done = received + timedelta(days=rng.randint(0, 12))
        i = rng.randrange(len(items))
        ws.append(
            [
                f"IMP{k + 1:07d}",
                None,
                items[i].code,
                "导入申请人",
                received,
                None,
                done if done < local_today() else None,
                "准予",
                None,
            ]
        )
    wb.save(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=2_000_000)
    ap.add_argument("--import-rows", type=int, default=100_000)
    ap.add_argument("--workdir", help="keep the database here (reused when it exists) instead of a temp dir")
    args = ap.parse_args()
    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = args.workdir or tmp
        reuse = os.path.exists(os.path.join(tmp, "test.db"))
        app = create_app(TestConfig(tmp))
        with app.app_context():
            if reuse:
                db.create_all()  # tables added since the database was built (the case summary)
                for ix in Case.__table__.indexes:  # and indexes added since
                    ix.create(db.engine, checkfirst=True)
                windows = db.session.scalars(db.select(Window)).all()
                items = db.session.scalars(db.select(ServiceItem)).all()
                admin = db.session.scalar(db.select(User).filter_by(username="admin"))
                db.session.execute(db.delete(Case).where(Case.number.like("IMP%")))
                db.session.commit()
            else:
                db.create_all()
                admin = User(username="admin", display_name="管理员", role="admin")
                admin.set_password("hallmark2026")
                db.session.add(admin)
                db.session.commit()
                windows, items = build(args.cases, rng)
            size = os.path.getsize(os.path.join(tmp, "test.db")) / 1e6
            print(f"database: {size:.0f} MB")
            client = app.test_client()
            client.post("/login", data={"username": "admin", "password": "hallmark2026"})
            today = local_today()
            last = today.replace(day=1) - timedelta(days=1)
            stats_ms = median_ms(client, f"/records/stats?month={last:%Y-%m}")
            stats_cold_ms = median_ms(client, f"/records/stats?month={last:%Y-%m}", runs=3, cold=True)
            from app.records.queries.stats import MONTH_TOPIC

            stats_changed_ms = median_ms(
                client,
                f"/records/stats?month={last:%Y-%m}",
                runs=5,
                changed=[MONTH_TOPIC.format(last.year, last.month)],
            )
            lights_ms = median_ms(client, "/records/lights")
            year_ms = median_ms(client, f"/records/stats?year={last.year}", runs=3)
            year_cold_ms = median_ms(client, f"/records/stats?year={last.year}", runs=3, cold=True)
            dash_ms = median_ms(client, f"/records/?month={last:%Y-%m}", runs=3)
            dash_cold_ms = median_ms(client, f"/records/?month={last:%Y-%m}", runs=3, cold=True)
            cases_ms = median_ms(client, "/records/cases/", runs=5)
            cases_deep_ms = median_ms(client, "/records/cases/?page=150", runs=5)
            print(
                f"monthly statistics page ({last:%Y-%m}, 60 windows, with the year totals): median {stats_ms:.0f} ms"
                f" (kept totals), {stats_changed_ms:.0f} ms after a case of that month changed,"
                f" {stats_cold_ms:.0f} ms cold (nothing kept: after a restart)"
            )
            print(f"yearly statistics page ({last.year}): median {year_ms:.0f} ms, {year_cold_ms:.0f} ms cold")
            print(
                f"case list, first page / page 150 (counted up to 10,000): median {cases_ms:.0f} / {cases_deep_ms:.0f} ms"
            )
            red, yellow = db.session.execute(
                db.text(
                    "SELECT sum(due_on < :t), sum(due_on >= :t) FROM rec_cases WHERE is_open = 1 AND yellow_on <= :t"
                ),
                {"t": today.isoformat()},
            ).one()
            print(f"red/yellow page ({red} red, {yellow} yellow open cases): median {lights_ms:.0f} ms")
            print(f"dashboard page: median {dash_ms:.0f} ms, {dash_cold_ms:.0f} ms cold")

            path = os.path.join(tmp, "cases.xlsx")
            t = time.time()
            make_xlsx(path, args.import_rows, windows, items, rng)
            print(f"wrote {args.import_rows:,}-row .xlsx in {time.time() - t:.1f} s")
            from app.records.services.imports import run_import

            t = time.time()
            with open(path, "rb") as f, click.progressbar(length=args.import_rows, label="import") as bar:
                report = run_import(db.session.get(User, admin.id), "cases", f, path, progress=bar.update)
            elapsed = time.time() - t
            assert report.ok, report.problems[:5] or report.file_error
            print(f"import of {report.saved:,} cases from .xlsx: {elapsed:.1f} s")
            pages = [stats_ms, stats_changed_ms, year_ms, cases_ms, cases_deep_ms, lights_ms, dash_ms]
            ok = max(pages) <= 300 and elapsed <= 60
            print("targets (every page ≤ 300 ms median, import ≤ 60 s):", "met" if ok else "NOT met")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
