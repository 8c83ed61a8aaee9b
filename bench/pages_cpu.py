"""CPU per request of each main page, in-process, beside a bare endpoint (issue 17): a working figure
that a loaded machine does not move much (wall-clock shares do), so the next person can measure
without a calm machine.

Flask's test client, signed in as the administrator on bench/pages.py's demo center (loaded on the
first run), one app with an extra /_bare route (a short HTML string, same hooks, same session
cookie). Each round runs every page right after a run of /_bare; time.process_time() over
--requests requests each; medians over --rounds rounds. The ratio page / bare is the figure: the
issue's 10 % share of the bare endpoint's throughput needs a ratio under 10 (≈ 4 for a margin),
its 30 % goal a ratio under ≈ 3.3. Also prints the SQL statements of one request of each page.

Run: .venv/bin/python bench/pages_cpu.py [--requests 200] [--rounds 3] [--page search2 ...] [--db URL]
"""

import argparse
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))

import pages as bench_pages  # noqa: E402


def cpu_ms(client, path: str, n: int) -> float:
    start = time.process_time()
    for _ in range(n):
        response = client.get(path)
        response.close()
    return 1000 * (time.process_time() - start) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="requests per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--page", action="append", help="only these pages (home, register, document, search2, ...)")
    parser.add_argument("--db", help="a database URL instead of the demo center")
    args = parser.parse_args()
    db_url = args.db or bench_pages.prepare_demo(False)
    os.environ.update(bench_pages.env_for(db_url))
    pages = bench_pages.page_paths(bench_pages.demo_ids(db_url))
    if args.page:
        pages = {k: v for k, v in pages.items() if k in args.page}

    from sqlalchemy import event

    from app import create_app
    from app.extensions import db

    app = create_app()
    app.add_url_rule("/_bare", "_bare", lambda: "<!doctype html><html><body><p>bare</p></body></html>")
    statements: list[str] = []
    with app.app_context():
        event.listen(
            db.engine, "before_cursor_execute", lambda conn, cur, statement, *rest: statements.append(statement)
        )
    client = bench_pages.signed_in_client(app)
    counts = {}
    for name, path in {"bare": "/_bare", **pages}.items():
        for _ in range(3):  # warm: kept values, compiled templates
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        statements.clear()
        client.get(path)
        counts[name] = len(statements)
    loads = [bench_pages.load_average()]
    bare: dict[str, list[float]] = {name: [] for name in pages}
    page: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(args.rounds):
        for name, path in pages.items():
            bare[name].append(cpu_ms(client, "/_bare", args.requests))
            page[name].append(cpu_ms(client, path, args.requests))
        loads.append(bench_pages.load_average())
    med = statistics.median
    print(
        f"\nin-process CPU per request (time.process_time, Flask test client, admin, {db_url}),"
        f" {args.requests} requests per measurement, each page right after /_bare, {args.rounds} rounds, medians."
        f" Load average (1, 5, 15 min) at the start and after each round: {' | '.join(loads)}"
    )
    print(f"{'page':10} {'SQL/req':>8} {'bare ms':>8} {'page ms':>8} {'ratio':>7}   (share ≈ 100 / ratio %)")
    worst = 0.0
    for name in pages:
        b, p = med(bare[name]), med(page[name])
        worst = max(worst, p / b)
        print(f"{name:10} {counts[name]:8d} {b:8.2f} {p:8.2f} {p / b:6.2f}×   ≈ {100 * b / p:5.1f} %")
    print(
        f"bare: {counts['bare']} statements/request; highest ratio {worst:.2f} × (10 % target: < 10 ×; 30 % goal: < 3.3 ×)"
    )


if __name__ == "__main__":
    main()
