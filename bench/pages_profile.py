"""Where a page's time goes (issue 17): SQL statements per request and a cProfile of each main page,
in-process (Flask's test client) on bench/pages.py's demo center (run bench/pages.py once first).

Run: .venv/bin/python bench/pages_profile.py [--requests 50] [--top 12] [--page search2] [--db URL]
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))

import pages as bench_pages  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument(
        "--page",
        action="append",
        help="only these pages (keys: home, register, document, search2, search4, scoring, lights)",
    )
    parser.add_argument("--db", help="a database URL instead of the demo center")
    parser.add_argument("--sql", action="store_true", help="print each page's statements once")
    args = parser.parse_args()
    db_url = args.db or bench_pages.prepare_demo(False)
    os.environ.update(bench_pages.env_for(db_url))
    ids = bench_pages.demo_ids(db_url)
    pages = bench_pages.page_paths(ids)
    if args.page:
        pages = {k: v for k, v in pages.items() if k in args.page}

    from sqlalchemy import event

    from app import create_app
    from app.extensions import db

    app = create_app()
    statements: list[str] = []
    with app.app_context():
        event.listen(
            db.engine, "before_cursor_execute", lambda conn, cursor, statement, *rest: statements.append(statement)
        )
    client = bench_pages.signed_in_client(app)
    client.get("/_bare") if "/_bare" in app.view_functions else None
    print(f"{'page':10} {'SQL/request':>12} {'CPU ms/req':>11}")
    for name, path in pages.items():
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        statements.clear()
        client.get(path)
        count = len(statements)
        if args.sql:
            print("\n".join(" ".join(s.split())[:160] for s in statements))
        profile = cProfile.Profile()
        start = time.process_time()
        profile.enable()
        for _ in range(args.requests):
            client.get(path)
        profile.disable()
        ms = 1000 * (time.process_time() - start) / args.requests
        print(f"{name:10} {count:12d} {ms:11.1f}")
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats(r"app/", args.top)
        print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


if __name__ == "__main__":
    main()
