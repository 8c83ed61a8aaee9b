"""Evidence that holds (issue 11): one run prints the reliability figures.

  writers  20 concurrent writers for 60 s against gunicorn (2 sync workers, port 5104) on a copy of
           the demo center in SQLite: each registers 办件 and corrects one shared 投诉 with the
           version its form was loaded with. Prints 500s / total and counts the rows afterwards
           (every save answered as done must be in the database, no case number twice).
  tamper   the five signature tamperings of a copy of the database, each checked by
           `flask documents verify-signatures` (detected / tried).
  upload   the time and peak memory to refuse a .docx at the cap (tracemalloc + RSS).
  backup   `flask backup create` and `flask backup restore` on the demo center (seconds).

Run: .venv/bin/python bench/reliability.py [--only writers,tamper,upload,backup] [--seconds 60]
     [--writers 20] [--port 5104] [--fresh]
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out", "reliability")
BIN = os.path.dirname(sys.executable)
DEMO_PASSWORD = "hallmark2026"
sys.path.insert(0, ROOT)


def env_for(instance: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("AUDIT_KEY", "AUDIT_KEY_FILE", "AUDIT_CHECKPOINT_FILE", "SEARCH_INDEX_DIR", "UPLOAD_DIR")
    }
    env.update(
        FLASK_APP="wsgi.py",
        DATABASE_URL="sqlite:///" + os.path.join(instance, "hallmark.db"),
        SECRET_KEY="bench-reliability-secret",
        HALLMARK_INSTANCE=instance,  # keys, checkpoints, uploads and the index live in it
        PYTHONPATH=ROOT,
    )
    return env


def flask(instance: str, *args, check=True, capture=False):
    return subprocess.run(
        [os.path.join(BIN, "flask"), *args],
        cwd=ROOT,
        env=env_for(instance),
        check=check,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.STDOUT if capture else None,
        text=True,
    )


def demo_instance(fresh: bool) -> str:
    """The demo center, loaded once into bench/out/reliability/demo (copied for each section)."""
    base = os.path.join(OUT, "demo")
    if fresh and os.path.exists(base):
        shutil.rmtree(base)
    if not os.path.exists(os.path.join(base, "hallmark.db")):
        os.makedirs(base, exist_ok=True)
        print("loading the demo center into", base, "…", flush=True)
        flask(base, "db", "upgrade")
        flask(base, "demo", "load")
    return base


def copy_instance(base: str, name: str) -> str:
    target = os.path.join(OUT, name)
    if os.path.exists(target):
        shutil.rmtree(target)
    shutil.copytree(base, target)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(os.path.join(target, "hallmark.db" + suffix)):
            os.remove(os.path.join(target, "hallmark.db" + suffix))
    return target


# ---------------------------------------------------------------------------------------- writers
class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    def post(self, path: str, data: dict) -> int:
        try:
            with self.opener.open(self.base + path, urllib.parse.urlencode(data).encode(), timeout=60) as r:
                self.last = r.read().decode("utf-8", "replace")
                return r.status
        except urllib.error.HTTPError as e:
            self.last = e.read().decode("utf-8", "replace")
            return e.code

    def login(self, username: str) -> None:
        _, html = self.get("/login")
        self.post("/login", {"username": username, "password": DEMO_PASSWORD, "csrf_token": token(html)})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def token(html: str) -> str:
    m = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    return m.group(1) if m else ""


def version(html: str) -> str:
    m = re.search(r'name="row_version"[^>]*value="(\d+)"', html) or re.search(
        r'value="(\d+)"[^>]*name="row_version"', html
    )
    return m.group(1) if m else ""


def wait_for(base: str, proc) -> None:
    deadline = time.time() + 90
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited")
        try:
            urllib.request.urlopen(base + "/login", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def bench_writers(base_instance: str, seconds: int, writers: int, port: int) -> dict:
    instance = copy_instance(base_instance, "writers")
    db_path = os.path.join(instance, "hallmark.db")
    con = sqlite3.connect(db_path)
    item_id, window_id = con.execute(
        "SELECT i.id, i.window_id FROM rec_service_items i JOIN rec_item_revisions r ON r.item_id = i.id "
        "WHERE r.handling_class = 'committed' AND i.window_id IS NOT NULL AND i.voided_at IS NULL "
        "ORDER BY i.id LIMIT 1"
    ).fetchone()
    complaint_id, start_version = con.execute(
        "SELECT id, row_version FROM rec_complaints WHERE voided_at IS NULL ORDER BY id LIMIT 1"
    ).fetchone()
    cases_before = con.execute("SELECT count(*) FROM rec_cases").fetchone()[0]
    con.close()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [
            os.path.join(BIN, "gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env_for(instance),
    )
    outcome, lock = Counter(), threading.Lock()
    try:
        wait_for(base, proc)
        stop = time.time() + seconds

        def writer(n: int) -> None:
            b = Browser(base)
            b.login("admin")
            i = 0
            while time.time() < stop:
                i += 1
                _, html = b.get("/records/cases/new")
                status = b.post(
                    "/records/cases/new",
                    {
                        "csrf_token": token(html),
                        "item_id": item_id,
                        "window_id": window_id,
                        "received_at": time.strftime("%Y-%m-%dT09:00"),
                        "applicant": f"压测申请人{n}-{i}",
                    },
                )
                with lock:
                    outcome[("case", status)] += 1
                _, html = b.get(f"/records/k/complaints/{complaint_id}/edit")
                form = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
                form.update({"csrf_token": token(html), "row_version": version(html), "content": f"压测更正 {n}-{i}"})
                for name, value in re.findall(
                    r'<select[^>]*name="([^"]+)".*?<option[^>]*selected[^>]*value="([^"]*)"', html, re.S
                ):
                    form.setdefault(name, value)
                for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
                    form.setdefault(name, text.strip())
                status = b.post(f"/records/k/complaints/{complaint_id}/edit", form)
                if status == 200 and "已被他人修改" in b.last:
                    status = "stale, refused"
                with lock:
                    outcome[("edit", status)] += 1

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
        started = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    con = sqlite3.connect(db_path)
    cases = con.execute("SELECT count(*) FROM rec_cases").fetchone()[0] - cases_before
    distinct = con.execute("SELECT count(DISTINCT number) = count(*) FROM rec_cases").fetchone()[0]
    end_version = con.execute("SELECT row_version FROM rec_complaints WHERE id = ?", (complaint_id,)).fetchone()[0]
    con.close()
    total = sum(outcome.values())
    errors = sum(v for (kind, status), v in outcome.items() if isinstance(status, int) and status >= 500)
    cases_ok = outcome[("case", 302)]
    edits_ok = outcome[("edit", 302)]
    print(
        f"writers: {writers} for {elapsed:.0f} s, {total} POSTs, 500s {errors}/{total}; statuses "
        + ", ".join(f"{k}:{s}={v}" for (k, s), v in sorted(outcome.items(), key=str))
    )
    print(
        f"  rows afterwards: {cases} new 办件 = {cases_ok} answered as saved: {'yes' if cases == cases_ok else 'NO'};"
        f" numbers unique: {'yes' if distinct else 'NO'}; 投诉 versions +{end_version - start_version}"
        f" = {edits_ok} corrections answered as saved: {'yes' if end_version - start_version == edits_ok else 'NO'}"
    )
    return {"errors": errors, "total": total, "lost": (cases != cases_ok) or (end_version - start_version != edits_ok)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="writers,tamper,upload,backup")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--port", type=int, default=5104)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    sections = args.only.split(",")
    base = demo_instance(args.fresh)
    results = {}
    if "writers" in sections:
        results["writers"] = bench_writers(base, args.seconds, args.writers, args.port)
    for name in ("tamper", "upload", "backup"):
        if name in sections and name in SECTIONS:
            results[name] = SECTIONS[name](base)
    print("summary:", results)


TAMPERINGS = {
    "正文改动并重写哈希": [
        "UPDATE document_versions SET content_md = content_md || '第九十九条　篡改。', "
        "content_sha256 = 'x' WHERE id = :v",
        "UPDATE signatures SET content_sha256 = 'x' WHERE version_id = :v",
    ],
    "删除签名": ["DELETE FROM signatures WHERE version_id = :v AND meaning = '批准'"],
    "批准移给他人": [
        "UPDATE signatures SET user_id = (SELECT min(id) FROM users WHERE id <> signatures.user_id) "
        "WHERE version_id = :v AND meaning = '批准'"
    ],
    "改文件名称": [
        "UPDATE documents SET title = title || '（改）' WHERE id = (SELECT document_id FROM document_versions WHERE id = :v)"
    ],
    "改生效日期": ["UPDATE document_versions SET effective_date = '2001-01-01' WHERE id = :v"],
}


def bench_tamper(base_instance: str) -> dict:
    detected = 0
    for i, (name, statements) in enumerate(TAMPERINGS.items()):
        instance = copy_instance(base_instance, f"tamper{i}")
        con = sqlite3.connect(os.path.join(instance, "hallmark.db"))
        v = con.execute(
            "SELECT version_id FROM signatures WHERE meaning = '批准' ORDER BY version_id LIMIT 1"
        ).fetchone()[0]
        number, revision = con.execute(
            "SELECT d.number, v.revision FROM document_versions v JOIN documents d "
            "ON d.id = v.document_id WHERE v.id = ?",
            (v,),
        ).fetchone()
        for sql in statements:
            con.execute(sql.replace(":v", str(v)))
        con.commit()
        con.close()
        r = flask(instance, "documents", "verify-signatures", check=False, capture=True)
        ok = r.returncode != 0 and f"{number} {revision}" in r.stdout
        detected += ok
        print(f"  tampering {name}: {'detected, version named' if ok else 'MISSED'} ({number} {revision})")
    print(f"tamperings detected: {detected}/{len(TAMPERINGS)}")
    return {"detected": detected, "tried": len(TAMPERINGS)}


def bench_upload(_base: str) -> dict:
    import io
    import resource
    import tracemalloc
    import zipfile

    from docx import Document

    from app.documents import docx_io

    base = io.BytesIO()
    Document().save(base)
    src = zipfile.ZipFile(io.BytesIO(base.getvalue()))
    line = ("窗口工作人员应当首问负责一次告知" * 7)[:100].encode()
    body = b"".join(b"<w:p><w:r><w:t>" + line + b"</w:t></w:r></w:p>" for _ in range(docx_io.MAX_TEXT_CHARS // 100 + 2))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
        dst.writestr(
            "word/document.xml",
            b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://'
            b'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body + b"</w:body></w:document>",
        )
    data = out.getvalue()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        docx_io.parse_docx(io.BytesIO(data), "上限.docx")
        refused = ""
    except docx_io.DocxImportError as exc:
        refused = exc.message
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0
    print(
        f"capped .docx ({len(data) / 1e6:.2f} MB, {docx_io.MAX_TEXT_CHARS + 200:,} characters > cap "
        f"{docx_io.MAX_TEXT_CHARS:,}): {'refused' if refused else 'ACCEPTED'} in {elapsed:.3f} s, "
        f"peak {peak / 1e6:.1f} MB (tracemalloc), max RSS +{rss / 1024:.1f} MB"
    )
    return {"refused": bool(refused), "seconds": round(elapsed, 3), "peak_mb": round(peak / 1e6, 1)}


def bench_backup(base_instance: str) -> dict:
    instance = copy_instance(base_instance, "backup-source")
    target = os.path.join(OUT, "backup")
    empty = os.path.join(OUT, "restored")
    for folder in (target, empty):
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    flask(instance, "backup", "create", target, "--include-key")
    created = time.perf_counter() - started
    flask(instance, "backup", "verify", target)
    os.makedirs(empty)
    flask(empty, "db", "upgrade")
    started = time.perf_counter()
    r = flask(empty, "backup", "restore", target, check=False, capture=True)
    restored = time.perf_counter() - started
    audit = flask(empty, "audit", "verify", check=False, capture=True).returncode
    sigs = flask(empty, "documents", "verify-signatures", check=False, capture=True).returncode
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _s, fs in os.walk(target) for f in fs)
    print(
        f"backup of the demo center: create {created:.1f} s ({size / 1e6:.1f} MB), restore {restored:.1f} s "
        f"(exit {r.returncode}); on the copy audit verify exit {audit}, verify-signatures exit {sigs}"
        " (times include the flask start-up)"
    )
    return {
        "create_s": round(created, 1),
        "restore_s": round(restored, 1),
        "restore_ok": r.returncode == 0,
        "audit_ok": audit == 0,
        "signatures_ok": sigs == 0,
    }


SECTIONS = {"tamper": bench_tamper, "upload": bench_upload, "backup": bench_backup}

if __name__ == "__main__":
    main()
