"""Pages against the ceiling (issue 17): each main page's throughput as a share of a bare Flask
endpoint served by the same app, the same gunicorn settings and the same load, in one run.

The demo center is loaded once into bench/out/pages/ (reused on later runs; --fresh rebuilds it),
served by gunicorn (2 sync workers) with one extra route, /_bare, that returns a short HTML string.
Debian's wrk (apt-get install wrk) sends the load: 20 connections, one page at a time, each page
interleaved with the bare endpoint, 3 rounds; medians are printed with p50, p99 and non-2xx counts,
then the workers' RSS after the run.

Run: .venv/bin/python bench/pages.py [--seconds 5] [--rounds 3] [--port 5105] [--db sqlite:////path/to.db]

At scale (issue 17 item 6): the records pages (statistics of a month and of the year, dashboard, case
list first / middle / filtered, red-yellow lights) on the demo center and on bench/records.py's
2-million-case database, in one run, each pair after the bare endpoint, with the ratio of the times:
  .venv/bin/python bench/records.py --workdir $PWD/bench/out/records2m     # builds it once (~10 min)
  .venv/bin/python bench/pages.py --port 5150 --database sqlite:///$PWD/bench/out/records2m/test.db
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out", "pages")
BIN = os.path.dirname(sys.executable)
TARGET_SHARE, GOAL_SHARE = 10.0, 30.0

BARE_APP = """
from app import create_app

app = create_app()


@app.route("/_bare")
def _bare():
    return "<!doctype html><html><body><p>bare</p></body></html>"
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(db_url: str, tag: str = "") -> dict:
    env = dict(os.environ)
    env.update(
        FLASK_APP="wsgi.py",
        DATABASE_URL=db_url,
        SECRET_KEY="bench-pages-secret",
        SEARCH_INDEX_DIR=os.path.join(OUT, "search_index" + tag),
        UPLOAD_DIR=os.path.join(OUT, "uploads" + tag),
        CACHE_STAMP_DIR=os.path.join(OUT, "cache_stamps" + tag),
        PYTHONPATH=ROOT + os.pathsep + OUT,
    )
    return env


def prepare_demo(fresh: bool) -> str:
    db_path = os.path.join(OUT, "demo.db")
    if fresh and os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT, exist_ok=True)
    url = "sqlite:///" + db_path
    if not os.path.exists(db_path):
        print("loading the demo center into", db_path, "…", flush=True)
        env = env_for(url)
        subprocess.run(
            [os.path.join(BIN, "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        subprocess.run(
            [os.path.join(BIN, "flask"), "demo", "load"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    return url


def start_server(db_url: str, port: int, tag: str = "") -> subprocess.Popen:
    with open(os.path.join(OUT, "bench_pages_app.py"), "w", encoding="utf-8") as f:
        f.write(BARE_APP)
    proc = subprocess.Popen(
        [
            os.path.join(BIN, "gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "bench_pages_app:app",
        ],
        cwd=ROOT,
        env=env_for(db_url, tag),
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_bare", timeout=2).read()
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def login(base: str, username: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    data = {"username": username, "password": password}
    if token:
        data["csrf_token"] = token.group(1)
    opener.open(base + "/login", urllib.parse.urlencode(data).encode()).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    check = opener.open(base + "/").geturl()
    if "/login" in check:
        raise SystemExit("login failed for " + username)
    return cookie


# The main pages of issue 17, by the short key the in-process scripts take (--page) and the label
# this script prints.
PAGE_LABELS = {
    "home": "home 工作台 /",
    "register": "document register /documents/",
    "document": "one document /documents/<id>",
    "search2": "search, 2 characters (窗口)",
    "search4": "search, 4 characters (服务窗口)",
    "scoring": "a month's scoring page",
    "lights": "red/yellow lights /records/lights",
}


def page_paths(ids: dict) -> dict:
    return {
        "home": "/",
        "register": "/documents/",
        "document": f"/documents/{ids['doc']}",
        "search2": "/search/?q=" + urllib.parse.quote("窗口"),
        "search4": "/search/?q=" + urllib.parse.quote("服务窗口"),
        "scoring": f"/assessment/{ids['year']}/{ids['month']}",
        "lights": "/records/lights",
    }


def signed_in_client(app, username: str = "admin", password: str = "hallmark2026"):
    """Flask's test client, signed in through the login form (with its CSRF token)."""
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    data = {"username": username, "password": password}
    if token:
        data["csrf_token"] = token.group(1)
    client.post("/login", data=data)
    if "/login" in (client.get("/").headers.get("Location") or ""):
        raise SystemExit("login failed")
    return client


def demo_ids(db_url: str) -> dict:
    path = db_url.removeprefix("sqlite:///")
    con = sqlite3.connect(path)
    doc = con.execute("SELECT id FROM documents ORDER BY id LIMIT 1").fetchone()
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    month_table = next(t for t in ("assessment_months", "as_months") if t in tables)
    year, month = con.execute(
        f"SELECT year, month FROM {month_table} ORDER BY year DESC, month DESC LIMIT 1"
    ).fetchone()
    con.close()
    return {"doc": doc[0], "year": year, "month": month}


def records_paths(db_url: str) -> dict:
    """The records pages of issue 17 item 6 for the database: last month's statistics (with the
    year's totals), the year's, the dashboard, the case list (first page, a page in the middle by
    keyset, a state filter), the red/yellow page."""
    con = sqlite3.connect("file:" + db_url.removeprefix("sqlite:///") + "?mode=ro", uri=True)
    n = con.execute("SELECT count(*) FROM rec_cases").fetchone()[0]
    middle = con.execute("SELECT id FROM rec_cases ORDER BY id DESC LIMIT 1 OFFSET ?", (n // 2,)).fetchone()[0]
    con.close()
    today = time.gmtime(time.time() + 8 * 3600)  # China date
    year, month = (today.tm_year, today.tm_mon - 1) if today.tm_mon > 1 else (today.tm_year - 1, 12)
    return {
        "case statistics, last month": f"/records/stats?month={year:04d}-{month:02d}",
        "case statistics, the year": f"/records/stats?year={year}",
        "records dashboard": f"/records/?month={year:04d}-{month:02d}",
        "case list, first page": "/records/cases/",
        "case list, middle page (keyset)": f"/records/cases/?after={middle}&page={n // 100}",
        "case list, state completed": "/records/cases/?state=completed",
        "red/yellow lights /records/lights": "/records/lights",
    }, n


UP_TO_DATE = """
from app import create_app
from app.extensions import db

app = create_app()
with app.app_context():
    db.create_all()  # tables added since bench/records.py built it (it has no migration history)
    for table in db.metadata.sorted_tables:
        for ix in table.indexes:
            ix.create(db.engine, checkfirst=True)
"""


def bring_up_to_date(db_url: str) -> None:
    """bench/records.py's database is built by create_all: tables and indexes added since."""
    subprocess.run([sys.executable, "-c", UP_TO_DATE], cwd=ROOT, env=env_for(db_url, "_big"), check=True)


def warm(base: str, cookie: str, paths) -> None:
    """Every worker once per page; a page that redirects (to login) is no page."""
    for path in paths:
        for _ in range(4):
            response = urllib.request.urlopen(urllib.request.Request(base + path, headers={"Cookie": cookie}))
            response.read()
            if response.status != 200 or response.geturl() != base + path:
                raise SystemExit(f"{path} answered {response.status} at {response.geturl()}")


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def at_scale(args) -> None:
    """--database: each records page on the demo center and on the big database in one run, each
    pair right after a run of the bare endpoint (served by the demo's gunicorn), 3 rounds, medians."""
    demo_url = prepare_demo(args.fresh)
    demo_pages, demo_n = records_paths(demo_url)
    bring_up_to_date(args.database)
    big_pages, big_n = records_paths(args.database)
    port = args.port or free_port()
    big_port = port + 1 if args.port else free_port()
    base, big_base = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{big_port}"
    loads = [load_average()]
    demo_server = start_server(demo_url, port)
    big_server = start_server(args.database, big_port, tag="_big")
    try:
        cookie = login(base, "admin", args.password)
        big_cookie = login(big_base, "admin", args.password)
        warm(base, cookie, demo_pages.values())
        warm(big_base, big_cookie, big_pages.values())
        bare = {name: [] for name in demo_pages}
        demo = {name: [] for name in demo_pages}
        big = {name: [] for name in demo_pages}
        for _ in range(args.rounds):
            for name in demo_pages:
                bare[name].append(wrk(base + "/_bare", cookie, args.seconds))
                demo[name].append(wrk(base + demo_pages[name], cookie, args.seconds))
                big[name].append(wrk(big_base + big_pages[name], big_cookie, args.seconds))
            loads.append(load_average())
        single = {}
        if args.single:
            for name in demo_pages:
                single[name] = (
                    one_client(base + demo_pages[name], cookie, args.single),
                    one_client(big_base + big_pages[name], big_cookie, args.single),
                )
        rss = worker_rss_mb(big_server.pid)
    finally:
        for server in (demo_server, big_server):
            server.terminate()
            server.wait(timeout=30)
    med = statistics.median
    print(
        f"\ngunicorn 2 sync workers per database, wrk 20 connections, {args.seconds} s per measurement,"
        f" {args.rounds} rounds; each page on the demo center ({demo_n:,} cases) and on {args.database}"
        f" ({big_n:,} cases) right after /_bare; medians. Load average (1, 5, 15 min) at the start and"
        f" after each round: {' | '.join(loads)}"
    )
    print(
        f"{'page':36} {'bare':>6} {'demo r/s':>9} {'share':>6} {'big r/s':>8} {'share':>6} {'× time':>7}"
        f" {'demo p50/p99 ms':>16} {'big p50/p99 ms':>16} {'non-2xx':>7}"
    )
    worst = 0.0
    for name in demo_pages:
        ref = med(r["rps"] for r in bare[name])
        d, b = med(r["rps"] for r in demo[name]), med(r["rps"] for r in big[name])
        ratio = d / b if b else float("inf")
        worst = max(worst, ratio)
        dp = f"{med(r['p50'] for r in demo[name]):.0f}/{med(r['p99'] for r in demo[name]):.0f}"
        bp = f"{med(r['p50'] for r in big[name]):.0f}/{med(r['p99'] for r in big[name]):.0f}"
        errors = sum(r["non2xx"] for r in demo[name] + big[name])
        print(
            f"{name:36} {ref:6.0f} {d:9.1f} {100 * d / ref:5.1f}% {b:8.1f} {100 * b / ref:5.1f}% {ratio:6.2f}×"
            f" {dp:>16} {bp:>16} {errors:7d}"
        )
    if single:
        print(f"\none client, {args.single} requests per page one after another (p50 / p95 ms):")
        print(f"{'page':36} {'demo':>14} {'big':>14} {'× p50':>6}")
        for name, ((dp50, dp95), (bp50, bp95)) in single.items():
            print(f"{name:36} {dp50:6.1f} / {dp95:5.1f} {bp50:6.1f} / {bp95:5.1f} {bp50 / dp50:5.2f}×")
    print(
        f"slowest page at scale: {worst:.2f} × its time on the demo center (target ≤ 2 ×, from req/s under"
        f" 20 connections); big database's worker RSS after the run: {', '.join(f'{r:.0f} MB' for r in rss)}"
    )


def wrk(url: str, cookie: str, seconds: int) -> dict:
    cmd = ["wrk", "-t2", "-c20", f"-d{seconds}s", "--timeout", "30s", "--latency", "-H", f"Cookie: {cookie}", url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {
        "rps": rps,
        "p50": _latency(out, "50%"),
        "p99": _latency(out, "99%"),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def _latency(out: str, label: str) -> float:
    m = re.search(rf"\s{re.escape(label)}\s+([\d.]+)(us|ms|s)", out)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def one_client(url: str, cookie: str, n: int) -> tuple[float, float]:
    """p50 and p95 (ms) of `n` requests one after another (one client, no concurrency)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    times = []
    for _ in range(n):
        start = time.perf_counter()
        with urllib.request.urlopen(request) as response:
            response.read()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))]


def worker_rss_mb(master: int) -> list[float]:
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", help="a database URL to serve instead of the demo center (e.g. bench/records.py's)")
    parser.add_argument("--fresh", action="store_true", help="reload the demo center")
    parser.add_argument(
        "--database",
        help="issue 17 item 6: the records pages on the demo center and on this database (bench/records.py's"
        " 2 million cases: sqlite:////abs/path/test.db) side by side, instead of the main pages",
    )
    parser.add_argument("--password", default="hallmark2026", help="the admin's password on both databases")
    parser.add_argument("--port", type=int, default=0, help="the port gunicorn listens on (default: a free one)")
    parser.add_argument(
        "--single",
        type=int,
        default=200,
        help="then this many requests per page from one client, for p50/p95 (0: skip)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    if args.database:
        return at_scale(args)
    db_url = args.db or prepare_demo(args.fresh)
    ids = demo_ids(db_url)
    pages = {PAGE_LABELS[key]: path for key, path in page_paths(ids).items()}
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(db_url, port)
    try:
        cookie = login(base, "admin", "hallmark2026")
        for path in pages.values():  # warm every worker once; a page that redirects (to login) is no page
            for _ in range(4):
                response = urllib.request.urlopen(urllib.request.Request(base + path, headers={"Cookie": cookie}))
                response.read()
                if response.status != 200 or response.geturl() != base + path:
                    raise SystemExit(f"{path} answered {response.status} at {response.geturl()}")
        results = {name: [] for name in pages}
        bare = {name: [] for name in pages}
        for _ in range(args.rounds):
            for name, path in pages.items():
                bare[name].append(wrk(base + "/_bare", cookie, args.seconds))
                results[name].append(wrk(base + path, cookie, args.seconds))
        rss = worker_rss_mb(server.pid)
        single = (
            {name: one_client(base + path, cookie, args.single) for name, path in pages.items()} if args.single else {}
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(
        f"\ngunicorn 2 sync workers, wrk 20 connections, {args.seconds} s per measurement, {args.rounds} rounds,"
        f" each page interleaved with /_bare; medians. Database: {db_url}"
    )
    print(f"{'page':40} {'req/s':>8} {'bare':>8} {'share':>7} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    worst = 100.0
    for name in pages:
        rps = statistics.median(r["rps"] for r in results[name])
        ref = statistics.median(r["rps"] for r in bare[name])
        share = 100 * rps / ref if ref else 0.0
        worst = min(worst, share)
        p50 = statistics.median(r["p50"] for r in results[name])
        p99 = statistics.median(r["p99"] for r in results[name])
        non2xx = sum(r["non2xx"] for r in results[name])
        print(f"{name:40} {rps:8.1f} {ref:8.0f} {share:6.1f}% {p50:8.1f} {p99:8.1f} {non2xx:8d}")
    if single:
        print(f"\none client, {args.single} requests per page one after another:")
        print(f"{'page':40} {'p50 ms':>8} {'p95 ms':>8}")
        for name, (p50, p95) in single.items():
            print(f"{name:40} {p50:8.1f} {p95:8.1f}")
    print(
        f"lowest share {worst:.1f} % (target ≥ {TARGET_SHARE:.0f} %, goal {GOAL_SHARE:.0f} %);"
        f" worker RSS after the run: {', '.join(f'{r:.0f} MB' for r in rss)} (target ≤ 300 MB)"
    )


if __name__ == "__main__":
    main()
