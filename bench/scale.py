"""A city at scale on PostgreSQL (issue 13, "how we will know"): 1 city + 10 counties + 100 townships,
N cases (default 20 million), 100,000 documents; the roll-up page, a county's monthly statistics
and search, timed through the application (Flask test client: routing, login session, scoping,
SQL, templates; no network, no gunicorn).

Data is generated in SQL (generate_series; center_id set explicitly on every row, as raw bulk SQL
must), in chunks of 1 M cases, into a database migrated with the project's own migrations
(`flask db upgrade` in-process, so the 20261203_rollup indexes are the ones measured). The indexes of
rec_cases are dropped for the load and built again afterwards (timed apart), then VACUUM ANALYZE.
Documents are controlled documents (one version each, spread over the centers) indexed by the
application's own search rebuild (the PostgreSQL search engine, app/search/pg_backend.py).

Figures printed: the generation time of each step, the roll-up page (a city administrator, all 111
centers, one month) median and p95, its SQL alone, a county's monthly statistics (/records/stats of
a county administrator, cache of kept values cleared before each request: the cold figure; and the
warm one), search p95 as a county user (and whether any hit is another center's), a reference
request (the login page) measured in the same run, the load average, and for N < 20 M a linear
extrapolation of the generation time.

Run (a throw-away server as an unprivileged user; the database is created, or reused with --reuse):
  bash scripts/with_postgres.sh .venv/bin/python bench/scale.py --cases 2000000
  .venv/bin/python bench/scale.py --url postgresql://hallmark@127.0.0.1:5121/scale --cases 20000000
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from datetime import date, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

COUNTIES, TOWNSHIPS_PER_COUNTY, WINDOWS_PER_CENTER = 10, 10, 10
CHUNK = 1_000_000
SPAN_DAYS = 730  # the cases' received dates: the two years before today
PASSWORD = "bench-scale-2026"
SEARCH_TERMS = ["首问", "告知", "限时办结", "容缺受理", "窗口", "许可", "服务中心", "办件", "第三条", "考核"]


def log(msg: str) -> None:
    print(msg, flush=True)


def load_avg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _quantile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _admin_url(url: str) -> tuple[str, str]:
    base, _, name = url.rpartition("/")
    return base + "/postgres", name


def create_database(url: str, fresh: bool) -> bool:
    """Create the database (dropping it first when `fresh`); True when it was (re)created."""
    import sqlalchemy as sa

    admin_url, name = _admin_url(url)
    engine = sa.create_engine(_driver(admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
        if exists and fresh:
            conn.execute(sa.text(f'DROP DATABASE "{name}"'))
            exists = False
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return not exists


def _driver(url: str) -> str:
    return "postgresql+psycopg://" + url.split("://", 1)[1] if url.startswith(("postgresql://", "postgres://")) else url


def make_app(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-scale-secret")
    os.environ.setdefault("HALLMARK_INSTANCE", os.path.join(ROOT, "bench", "out", "scale"))
    os.environ.setdefault("AUDIT_KEY", "bench-scale-audit-key-0123456789abcdef")
    from app import create_app

    app = create_app()
    return app


# ------------------------------------------------------------------------------------------ data


def sql(conn, statement: str, **params):
    import sqlalchemy as sa

    return conn.execute(sa.text(statement), params)


def gen_centers(conn) -> dict:
    """The city (the first root center: the default center), 10 counties, 10 townships under each;
    one department and 10 windows per center; returns the ids."""
    # the installation's one center (migration 20261203_centers made it) becomes the city
    if sql(conn, "SELECT min(id) FROM centers").scalar() is None:
        sql(conn, "INSERT INTO centers (code, name, level, row_version) VALUES ('SC', '', 'city', 1)")
    sql(
        conn,
        "UPDATE centers SET code = 'SC', name = '规模测试市政务服务中心', level = 'city', parent_id = NULL "
        "WHERE id = (SELECT min(id) FROM centers)",
    )
    city = sql(conn, "SELECT id FROM centers WHERE code = 'SC'").scalar()
    sql(
        conn,
        "INSERT INTO centers (code, name, level, parent_id, row_version) "
        "SELECT 'X' || g, '测试第' || g || '县政务服务中心', 'county', :city, 1 FROM generate_series(1, :n) g",
        city=city,
        n=COUNTIES,
    )
    counties = [r[0] for r in sql(conn, "SELECT id FROM centers WHERE level = 'county' ORDER BY id")]
    for k, county in enumerate(counties, 1):
        sql(
            conn,
            "INSERT INTO centers (code, name, level, parent_id, row_version) "
            "SELECT 'X' || :k || '-' || g, '测试第' || :k || '县第' || g || '镇便民服务中心', 'township', :county, 1 "
            "FROM generate_series(1, :n) g",
            k=k,
            county=county,
            n=TOWNSHIPS_PER_COUNTY,
        )
    ids = [r[0] for r in sql(conn, "SELECT id FROM centers ORDER BY id")]
    sql(
        conn,
        "INSERT INTO rec_departments (center_id, name, short_name, created_at, row_version) "
        "SELECT id, '综合受理科', '综合', now(), 1 FROM centers",
    )
    dept = dict(sql(conn, "SELECT center_id, id FROM rec_departments").all())
    for cid in ids:
        sql(
            conn,
            "INSERT INTO rec_windows (center_id, number, name, department_id, opened_on, created_at, row_version) "
            "SELECT :c, g::text, '综合受理' || g, :d, DATE '2020-01-01', now(), 1 FROM generate_series(1, :n) g",
            c=cid,
            d=dept[cid],
            n=WINDOWS_PER_CENTER,
        )
    return {"city": city, "counties": counties, "all": ids}


def window_table(conn) -> None:
    """bench_windows(k, center_id, window_id): k = 0 … 111×10−1, the row a case's number picks."""
    sql(conn, "DROP TABLE IF EXISTS bench_windows")
    sql(
        conn,
        "CREATE UNLOGGED TABLE bench_windows AS SELECT (row_number() OVER (ORDER BY center_id, id) - 1)::int AS k, "
        "center_id, id AS window_id FROM rec_windows",
    )
    sql(conn, "CREATE UNIQUE INDEX ON bench_windows (k)")


CASE_INSERT = """
INSERT INTO rec_cases (center_id, number, window_id, handling_class, is_instant, limit_days, applicant,
    applicant_phone, state, outcome, is_open, received_at, received_on, accepted_on, stopped_workdays, due_on,
    yellow_on, completed_at, completed_on, used_days, note, created_at, row_version)
SELECT w.center_id, 'BJ' || lpad(s.i::text, 10, '0'), w.window_id,
    CASE WHEN s.instant THEN 'instant' ELSE 'committed' END, s.instant, s.lim, '', '',
    CASE WHEN s.done > :today THEN 'accepted' ELSE 'completed' END,
    CASE WHEN s.done > :today THEN NULL ELSE 'approved' END,
    s.done > :today, s.rec + time '09:30', s.rec, s.rec, 0, s.rec + s.due_days,
    CASE WHEN s.instant THEN NULL ELSE s.rec + s.due_days - 2 END, NULL,
    CASE WHEN s.done > :today THEN NULL ELSE s.done END,
    CASE WHEN s.done > :today THEN NULL ELSE s.used END, '', now(), 1
FROM (
    SELECT i, k, instant, lim, :start + off AS rec, due_days,
        CASE WHEN instant THEN 0 ELSE greatest(1, lim * pct / 100) END AS used,
        :start + off + due_days * pct / 100 AS done
    FROM (
        SELECT g AS i, ((g * 7919) % :windows)::int AS k, (g % 5 = 0) AS instant,
            CASE WHEN g % 5 = 0 THEN 0 ELSE 3 + (g % 13)::int END AS lim,
            ((g * 37) % :span)::int AS off,
            CASE WHEN g % 5 = 0 THEN 0 ELSE ((3 + (g % 13)::int) * 7 + 4) / 5 END AS due_days,
            (30 + (g * 31) % 85)::int AS pct
        FROM generate_series(CAST(:lo AS bigint), CAST(:hi AS bigint)) g
    ) raw
) s JOIN bench_windows w ON w.k = s.k
"""


# The case summary (rec_case_summary) from the cases in one statement, by the rules of
# app/records/logic/summary.py (received in the month of received_on; completed, 撤销 and voided left
# out, with on time / early / overdue / timed figures in the month of completed_on).
SUMMARY_FILL = """
INSERT INTO rec_case_summary (center_id, window_id, year, month, received, instant, completed, on_time, early,
    overdue, timed, used_sum, limit_sum)
SELECT center_id, window_id, y, m, sum(received), sum(instant), sum(completed), sum(on_time), sum(early),
    sum(overdue), sum(timed), sum(used_sum), sum(limit_sum)
FROM (
    SELECT center_id, window_id, extract(year FROM received_on)::int AS y, extract(month FROM received_on)::int AS m,
        count(*) AS received, sum(CASE WHEN is_instant THEN 1 ELSE 0 END) AS instant, 0 AS completed, 0 AS on_time,
        0 AS early, 0 AS overdue, 0 AS timed, 0 AS used_sum, 0 AS limit_sum
    FROM rec_cases WHERE voided_at IS NULL GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT center_id, window_id, extract(year FROM completed_on)::int, extract(month FROM completed_on)::int, 0, 0,
        count(*), sum(CASE WHEN due_on IS NOT NULL AND completed_on <= due_on THEN 1 ELSE 0 END),
        sum(CASE WHEN NOT is_instant AND used_days < limit_days THEN 1 ELSE 0 END),
        sum(CASE WHEN completed_on > due_on THEN 1 ELSE 0 END), sum(CASE WHEN NOT is_instant THEN 1 ELSE 0 END),
        sum(CASE WHEN NOT is_instant THEN coalesce(used_days, 0) ELSE 0 END),
        sum(CASE WHEN NOT is_instant THEN coalesce(limit_days, 0) ELSE 0 END)
    FROM rec_cases WHERE voided_at IS NULL AND completed_on IS NOT NULL AND state <> 'withdrawn' GROUP BY 1, 2, 3, 4
) u
GROUP BY 1, 2, 3, 4
"""


def case_indexes(conn) -> list[tuple[str, str]]:
    """(name, definition) of rec_cases' indexes other than the primary key (unique constraints too)."""
    rows = sql(
        conn,
        "SELECT i.relname, pg_get_indexdef(i.oid), c.conname, pg_get_constraintdef(c.oid) "
        "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid LEFT JOIN pg_constraint c ON c.conindid = i.oid "
        "WHERE x.indrelid = 'rec_cases'::regclass AND NOT x.indisprimary",
    ).all()
    out = []
    for name, indexdef, conname, condef in rows:
        if conname:
            out.append((conname, f"ALTER TABLE rec_cases ADD CONSTRAINT {conname} {condef}"))
        else:
            out.append((name, indexdef))
    return out


def drop_case_indexes(conn, indexes) -> None:
    for name, definition in indexes:
        if definition.startswith("ALTER TABLE"):
            sql(conn, f"ALTER TABLE rec_cases DROP CONSTRAINT {name}")
        else:
            sql(conn, f"DROP INDEX {name}")


def gen_cases(engine, n: int, today: date) -> float:
    start = today - timedelta(days=SPAN_DAYS)
    t0 = time.perf_counter()
    with engine.begin() as conn:
        windows = sql(conn, "SELECT count(*) FROM bench_windows").scalar()
    lo = 1
    while lo <= n:
        hi = min(n, lo + CHUNK - 1)
        with engine.begin() as conn:
            sql(conn, CASE_INSERT, lo=lo, hi=hi, windows=windows, start=start, span=SPAN_DAYS, today=today)
        log(f"  办件 {hi:>11,} / {n:,}  ({time.perf_counter() - t0:.0f} s)")
        lo = hi + 1
    return time.perf_counter() - t0


def gen_ratings(conn, n: int, today: date) -> None:
    start = today - timedelta(days=SPAN_DAYS)
    windows = sql(conn, "SELECT count(*) FROM bench_windows").scalar()
    sql(
        conn,
        "INSERT INTO rec_ratings (center_id, rated_on, grade, channel, window_id, comment, verify_note, rectify_note, "
        "revisit_note, excluded_reason, appeal_reason, appeal_note, created_at, row_version) "
        "SELECT w.center_id, :start + ((g * 41) % :span)::int, CASE WHEN g % 29 = 0 THEN 1 WHEN g % 11 = 0 THEN 3 "
        "WHEN g % 4 = 0 THEN 4 ELSE 5 END, 'on_site', w.window_id, '', '', '', '', '', '', '', now(), 1 "
        "FROM generate_series(1, CAST(:n AS bigint)) g JOIN bench_windows w ON w.k = ((g * 7919) % :windows)::int",
        start=start,
        span=SPAN_DAYS,
        n=n,
        windows=windows,
    )


def gen_scores(conn, ids: dict, today: date, months: int = 12) -> None:
    """One scheme (the city's rule SF-ZD-017 version, a stand-in) and, per center and month, a locked
    month with one sheet per window."""
    city = ids["city"]
    doc = sql(
        conn,
        "INSERT INTO documents (center_id, kind, number, seq, title, review_interval_months, distribution, category, "
        "owner_office, iso_clause, created_at, row_version) "
        "VALUES (:c, 'rule', 'SF-ZD-017', 17, '窗口考核办法', 12, 'all', '', '', '', now(), 1) RETURNING id",
        c=city,
    ).scalar()
    dv = sql(
        conn,
        "INSERT INTO document_versions (center_id, document_id, revision, content_md, status, effective_date, "
        "change_reason, review_round, created_at, updated_at, row_version) VALUES (:c, :d, 'A/0', '第一条　示例。', "
        "'approved', DATE '2020-01-01', '规模测试', 1, now(), now(), 1) RETURNING id",
        c=city,
        d=doc,
    ).scalar()
    scheme = sql(
        conn,
        "INSERT INTO assessment_scheme_versions (center_id, document_version_id, scheme_json, created_at, updated_at, "
        "row_version) VALUES (:c, :dv, '{}', now(), now(), 1) RETURNING id",
        c=city,
        dv=dv,
    ).scalar()
    y, m = today.year, today.month
    for _ in range(months):
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        sql(
            conn,
            "INSERT INTO assessment_months (center_id, year, month, scheme_version_id, status, opened_at, reopen_count, "
            "row_version) SELECT id, :y, :m, :s, 'final', now(), 0, 1 FROM centers",
            y=y,
            m=m,
            s=scheme,
        )
        sql(
            conn,
            "INSERT INTO assessment_sheets (center_id, month_id, window_id, window_name, department_name, total, "
            "deductions, bonus, vetoed, breakdown_json, facts_json, updated_at, row_version) "
            "SELECT w.center_id, am.id, w.id, w.name, '', 80 + (w.id * 13 + :m) % 20, 0, 0, false, '{}', '{}', now(), 1 "
            "FROM rec_windows w JOIN assessment_months am ON am.center_id = w.center_id AND am.year = :y AND am.month = :m",
            y=y,
            m=m,
        )


PHRASES = [
    "窗口工作人员应当首问负责",
    "一次性告知申请人需要补正的全部材料",
    "行政许可事项实行限时办结",
    "对主要材料齐全的事项实行容缺受理",
    "便民服务中心负责本乡镇的政务服务",
    "办件情况按月统计并逐级上报",
    "好差评结果纳入窗口月度考核",
    "电子监察系统对超时办件亮红灯",
    "县级中心对乡镇便民中心进行业务指导",
    "第三条 本办法自印发之日起施行",
    "服务中心应当公开办事指南",
    "工作人员挂牌上岗，文明用语",
]


def gen_documents(conn, n: int, ids: dict) -> None:
    """n controlled documents (rules), one approved version each, spread over every center."""
    centers = len(ids["all"])
    first = ids["all"][0]
    sql(conn, "DROP TABLE IF EXISTS bench_phrases")
    sql(conn, "CREATE UNLOGGED TABLE bench_phrases (k int PRIMARY KEY, t text)")
    for k, t in enumerate(PHRASES):
        sql(conn, "INSERT INTO bench_phrases VALUES (:k, :t)", k=k, t=t)
    p = len(PHRASES)
    sql(
        conn,
        "INSERT INTO documents (center_id, kind, number, seq, title, review_interval_months, distribution, category, "
        "owner_office, iso_clause, created_at, row_version) "
        "SELECT :first + (g % :centers), 'rule', 'GM-ZD-' || lpad(g::text, 6, '0'), g, "
        "'关于' || (SELECT t FROM bench_phrases WHERE k = g % :p) || '的规定（第' || g || '号）', 12, 'all', '', '', '', now(), 1 "
        "FROM generate_series(1, :n) g",
        first=first,
        centers=centers,
        n=n,
        p=p,
    )
    sql(
        conn,
        "INSERT INTO document_versions (center_id, document_id, revision, content_md, status, effective_date, "
        "change_reason, review_round, created_at, updated_at, row_version) "
        "SELECT d.center_id, d.id, 'A/0', "
        "'第一条　' || (SELECT t FROM bench_phrases WHERE k = d.seq % :p) || '。\n\n第二条　' || "
        "(SELECT t FROM bench_phrases WHERE k = (d.seq * 7 + 3) % :p) || '。\n\n第三条　' || "
        "(SELECT t FROM bench_phrases WHERE k = (d.seq * 11 + 5) % :p) || '，编号 ' || d.seq || '。', "
        "'approved', DATE '2024-01-01', '规模测试', 1, now(), now(), 1 FROM documents d WHERE d.number LIKE 'GM-ZD-%'",
        p=p,
    )


def make_users(app, ids: dict) -> tuple[str, str]:
    from app.auth.models import User
    from app.centers.context import acting_in
    from app.extensions import db

    names = (("scale_city", ids["city"]), ("scale_county", ids["counties"][0]))
    with app.app_context():
        for username, center in names:
            if db.session.scalar(db.select(User.id).filter_by(username=username).execution_options(all_centers=True)):
                continue
            with acting_in(center):
                user = User(username=username, display_name="规模测试管理员", role="admin")
                user.set_password(PASSWORD)
                db.session.add(user)
                db.session.commit()
    return names[0][0], names[1][0]


def generate(app, engine, n_cases: int, n_docs: int, today: date) -> dict:
    timings = {}
    t = time.perf_counter()
    with engine.begin() as conn:
        ids = gen_centers(conn)
        window_table(conn)
    timings["中心、部门、窗口"] = time.perf_counter() - t
    with engine.begin() as conn:
        indexes = case_indexes(conn)
        drop_case_indexes(conn, indexes)
    log(f"生成 {n_cases:,} 件办件（rec_cases 的 {len(indexes)} 个索引先删除，装载后重建）…")
    timings["办件（装载）"] = gen_cases(engine, n_cases, today)
    t = time.perf_counter()
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        sql(conn, "SET maintenance_work_mem = '1GB'")
        for name, definition in indexes:
            t1 = time.perf_counter()
            sql(conn, definition)
            log(f"  索引 {name}: {time.perf_counter() - t1:.0f} s")
    timings["办件（建索引）"] = time.perf_counter() - t
    t = time.perf_counter()
    with engine.begin() as conn:  # the case summary the statistics read (raw SQL inserts do not keep it)
        sql(conn, "DELETE FROM rec_case_summary")
        sql(conn, SUMMARY_FILL)
        rows = sql(conn, "SELECT count(*) FROM rec_case_summary").scalar()
    timings[f"办件汇总表（{rows:,} 行）"] = time.perf_counter() - t
    t = time.perf_counter()
    with engine.begin() as conn:
        gen_ratings(conn, max(1000, n_cases // 20), today)
        gen_scores(conn, ids, today)
    timings["好差评、考核"] = time.perf_counter() - t
    t = time.perf_counter()
    with engine.begin() as conn:
        gen_documents(conn, n_docs, ids)
    timings["受控文件"] = time.perf_counter() - t
    t = time.perf_counter()
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        sql(conn, "VACUUM ANALYZE")
    timings["VACUUM ANALYZE"] = time.perf_counter() - t
    if n_docs:
        t = time.perf_counter()
        with app.app_context():
            from app.search.backend import get_backend

            indexed = get_backend().rebuild()
        timings[f"搜索索引（{indexed:,} 条）"] = time.perf_counter() - t
    return timings


# ------------------------------------------------------------------------------------------ timing


def login(app, username: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"username": username, "password": PASSWORD}
    if token:
        data["csrf_token"] = token.group(1)
    r = client.post("/login", data=data)
    assert r.status_code == 302, (username, r.status_code, r.get_data(as_text=True)[:300])
    return client


def timed(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def fmt(ms: list[float]) -> str:
    return f"median {statistics.median(ms):7.1f} ms  p95 {_quantile(ms, 0.95):7.1f} ms  (n={len(ms)})"


def measure(app, rounds: int, today: date, month: tuple[int, int]) -> dict:
    from app.core import cache
    from app.rollup import queries

    city_user, county_user = "scale_city", "scale_county"
    month_key = f"{month[0]:04d}-{month[1]:02d}"
    city = login(app, city_user)
    county = login(app, county_user)
    ref = app.test_client()
    out = {}

    def get(client, url, expect=200):
        r = client.get(url)
        assert r.status_code == expect, (url, r.status_code)
        return r

    get(city, f"/rollup/?month={month_key}")  # the first request of a worker (warm-up)
    out["参照：登录页"] = timed(lambda: get(ref, "/login"), rounds)
    page = get(city, f"/rollup/?month={month_key}").get_data(as_text=True)
    shown = len(re.findall(r'href="/rollup/c/\d+\?', page))
    out[f"三级汇总页（市级管理员，{shown} 个中心，{month_key}）"] = timed(
        lambda: get(city, f"/rollup/?month={month_key}"), rounds
    )
    with app.app_context():
        from app.centers.queries import descendant_ids
        from app.extensions import db

        root = db.session.execute(db.text("SELECT id FROM centers WHERE code = 'SC'")).scalar()
        ids = [root, *descendant_ids(root)]
        out["三级汇总 SQL（5 条分组语句）"] = timed(lambda: queries.figures(ids, *month, today), rounds)
        county_id = db.session.execute(db.text("SELECT id FROM centers WHERE code = 'X1'")).scalar()
    out[f"县级中心的下钻页（该县各窗口，{month_key}）"] = timed(
        lambda: get(city, f"/rollup/c/{county_id}?month={month_key}"), rounds
    )

    def county_stats_cold():
        with app.app_context():
            cache.clear(app)
        get(county, f"/records/stats?month={month_key}")

    out[f"县级中心月度统计 /records/stats（冷：先清缓存，{month_key}）"] = timed(county_stats_cold, rounds)
    out["县级中心月度统计 /records/stats（热）"] = timed(
        lambda: get(county, f"/records/stats?month={month_key}"), rounds
    )
    # search as the county user: every hit must be the county's own
    searches, foreign = [], 0
    for _ in range(max(1, rounds // 5)):
        for term in SEARCH_TERMS:
            t = time.perf_counter()
            r = get(county, f"/search/?q={term}")
            searches.append((time.perf_counter() - t) * 1000)
            foreign += len(re.findall(r"GM-ZD-\d+", r.get_data(as_text=True))) and _foreign_hits(app, r, county_id)
    out[f"搜索（县级用户，{len(SEARCH_TERMS)} 个词；索引含全部中心的文件）"] = searches
    out["_foreign"] = foreign
    return out


def _foreign_hits(app, response, county_id) -> int:
    """How many document numbers on the result page belong to a center that is neither the county nor
    the city above it (whose rules are handed down to the county: found there by design)."""
    numbers = set(re.findall(r"GM-ZD-\d{6}", response.get_data(as_text=True)))
    if not numbers:
        return 0
    with app.app_context():
        from app.extensions import db

        rows = db.session.execute(
            db.text(
                "SELECT count(*) FROM documents WHERE number = ANY(:n) AND center_id <> :c "
                "AND center_id NOT IN (SELECT parent_id FROM centers WHERE id = :c AND parent_id IS NOT NULL)"
            ),
            {"n": list(numbers), "c": county_id},
        ).scalar()
    return rows or 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default=os.environ.get("TEST_DATABASE_URL"), help="PostgreSQL URL of the bench database")
    p.add_argument("--cases", type=int, default=20_000_000)
    p.add_argument("--documents", type=int, default=100_000)
    p.add_argument("--rounds", type=int, default=15)
    p.add_argument("--reuse", action="store_true", help="measure an already generated database (no generation)")
    args = p.parse_args(argv)
    if not args.url or not args.url.startswith(("postgresql", "postgres")):
        p.error("a PostgreSQL URL is needed: --url or TEST_DATABASE_URL (scripts/with_postgres.sh sets it)")
    url = _driver(args.url)
    if args.url.endswith("/hallmark_test"):  # the throw-away server of scripts/with_postgres.sh
        url = url.rsplit("/", 1)[0] + "/hallmark_scale"
    log(f"负载（开始）：{load_avg()}    CPU {os.cpu_count()} 核")
    today = date.today()
    created = create_database(url, fresh=not args.reuse)
    app = make_app(url)
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    timings = {}
    if created:
        from flask_migrate import upgrade

        t = time.perf_counter()
        with app.app_context():
            upgrade(directory=os.path.join(ROOT, "migrations"))
        timings["迁移（flask db upgrade）"] = time.perf_counter() - t
        timings.update(generate(app, engine, args.cases, args.documents, today))
        make_users(app, {"city": _one(engine, "SC"), "counties": [_one(engine, "X1")]})
    with engine.connect() as conn:
        n_cases = sql(conn, "SELECT count(*) FROM rec_cases").scalar()
        n_docs = sql(conn, "SELECT count(*) FROM documents WHERE number LIKE 'GM-ZD-%'").scalar()
        n_centers = sql(conn, "SELECT count(*) FROM centers").scalar()
        size = sql(conn, "SELECT pg_size_pretty(pg_database_size(current_database()))").scalar()
    log(f"\n数据：{n_centers} 个中心，{n_cases:,} 件办件，{n_docs:,} 份受控文件；数据库 {size}")
    if timings:
        total = sum(timings.values())
        for name, seconds in timings.items():
            log(f"  {name:<28} {seconds:8.1f} s")
        log(f"  {'生成合计':<28} {total:8.1f} s")
        if n_cases < 20_000_000:
            per_case = (timings.get("办件（装载）", 0) + timings.get("办件（建索引）", 0)) / max(1, n_cases)
            log(f"  线性外推到 2,000 万件办件：装载+建索引约 {per_case * 20_000_000 / 60:.0f} 分钟（按本次每件用时）")
    last = today.replace(day=1) - timedelta(days=1)
    results = measure(app, args.rounds, today, (last.year, last.month))
    foreign = results.pop("_foreign")
    ref = statistics.median(results["参照：登录页"])
    log(f"\n计时（Flask 测试客户端，进程内；负载 {load_avg()}）：")
    for name, ms in results.items():
        log(f"  {name}\n      {fmt(ms)}   = {statistics.median(ms) / ref:5.1f} × 参照")
    log(f"\n目标：三级汇总页中位数 ≤ 500 ms；县级月度统计 ≤ 300 ms。搜索结果中别的县、乡镇的文件：{foreign} 条")
    log(f"负载（结束）：{load_avg()}")
    return 0


def _one(engine, code):
    with engine.connect() as conn:
        return sql(conn, "SELECT id FROM centers WHERE code = :c", c=code).scalar()


if __name__ == "__main__":
    sys.exit(main())
