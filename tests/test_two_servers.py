"""Two app servers on one database, requests alternating between them as a load balancer would:
nothing that matters may live in one process (issue 13, item 6). Runs on SQLite (one machine, two
processes) and, in the PostgreSQL pass, on PostgreSQL with the search inside PostgreSQL."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from app.auth.models import User
from app.core.timeutil import local_today
from app.documents import services
from app.extensions import db

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "两台服务器-共用一库"
LAUNCH = """
import sys
from app import create_app
from app.config import Config
app = create_app(Config(sys.argv[1]))
app.run(host="127.0.0.1", port=int(sys.argv[2]), threaded=True, use_reloader=False)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One person's browser: one cookie jar for both servers (cookies do not depend on the port),
    so the session cookie set by one server is presented to the other."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, base, path):
        try:
            with self.opener.open(base + path, timeout=30) as r:
                return r.status, r.geturl(), r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, base + path, exc.read().decode("utf-8", "replace")

    def token(self, base, path):
        _status, _url, body = self.get(base, path)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body).group(1)

    def post(self, base, path, data, token_from):
        data = dict(data, csrf_token=self.token(base, token_from))
        request = urllib.request.Request(base + path, data=urllib.parse.urlencode(data).encode())
        try:
            with self.opener.open(request, timeout=30) as r:
                return r.status, r.geturl(), r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, base + path, exc.read().decode("utf-8", "replace")


@pytest.fixture
def two_servers(app, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    env = dict(
        os.environ,
        DATABASE_URL=url,
        SECRET_KEY="shared-by-both-servers",
        AUDIT_KEY="audit-key-shared-by-both-app-servers-0123456789",
        UPLOAD_DIR=str(tmp_path / "shared_uploads"),
        LOGIN_FREE_FAILURES_ACCOUNT="2",
        LOGIN_FREE_FAILURES_ADDRESS="50",
        PYTHONPATH=str(ROOT),
    )
    if url.startswith("sqlite"):
        env["SEARCH_BACKEND"] = "whoosh"
        env["SEARCH_INDEX_DIR"] = str(tmp_path / "shared_index")  # one machine: one index folder
        env["CACHE_STAMP_DIR"] = str(tmp_path / "shared_stamps")  # and one folder of cache stamps
    else:
        env["SEARCH_BACKEND"] = "postgres"  # nothing on a local disk: search and cache stamps in PostgreSQL
        for name in ("SEARCH_INDEX_DIR", "CACHE_STAMP_DIR", "CACHE_STAMPS"):
            env.pop(name, None)
    db.session.commit()
    servers, bases = [], []
    for name in ("a", "b"):
        port = _free_port()
        instance = tmp_path / f"instance_{name}"  # each server its own instance folder
        instance.mkdir()
        log = open(tmp_path / f"server_{name}.log", "wb")  # read back when something fails
        own = dict(env, HALLMARK_INSTANCE=str(instance))  # as on two machines
        servers.append(
            subprocess.Popen(
                [sys.executable, "-c", LAUNCH, str(instance), str(port)],
                cwd=ROOT,
                env=own,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base, proc in zip(bases, servers, strict=True):
            for _ in range(300):
                try:
                    urllib.request.urlopen(base + "/login", timeout=2).read()
                    break
                except OSError:
                    if proc.poll() is not None:
                        raise RuntimeError(f"{base} ended at start-up; see its log in {tmp_path}") from None
                    time.sleep(0.1)
            else:
                raise RuntimeError(f"{base} did not start")
        yield bases
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(10)


def _person(role, username, name):
    user = User(username=username, display_name=name, role=role)
    user.set_password(PASSWORD)
    db.session.add(user)
    return user


def _login(browser, base, username, password=PASSWORD):
    return browser.post(base, "/login", {"username": username, "password": password}, "/login")


@pytest.mark.slow
def test_sessions_logout_search_and_throttling_hold_across_two_servers(app, two_servers):
    a, b = two_servers
    author = _person("doc_manager", "author", "林作者")
    reviewer = _person("doc_manager", "reviewer", "郑审核")
    approver = _person("admin", "approver", "周批准")
    _person("window_staff", "window1", "宋窗口")
    db.session.flush()
    for kind in ("rule",):
        setting = services.kind_setting(kind)
        setting.reviewer_ids = str(reviewer.id)
        setting.approver_id = approver.id
    doc = services.create_document(
        author,
        "rule",
        "两服务器共用规定",
        "窗口管理",
        "综合科",
        12,
        "all",
        "第一条　跨服务器检索的独有词语蓝鲸灯塔。\n",
    )
    version = doc.versions[0]
    services.submit(author, version)
    services.sign(reviewer, version, PASSWORD, "审核通过")
    db.session.commit()

    # a login on server A is valid on server B
    person = Browser()
    status, landed, _ = _login(person, a, "approver")
    assert status == 200 and not landed.endswith("/login")
    status, landed, body = person.get(b, "/")
    assert status == 200 and not landed.split("?")[0].endswith("/login") and "周批准" in body

    # B's home page, seen before the approval, must not keep an old answer afterwards
    reader = Browser()
    _login(reader, b, "window1")
    assert "份现行文件待您签阅" not in reader.get(b, "/")[2]

    # approved on A, found by search on B at once
    status, _, signed = person.post(
        a,
        f"/documents/versions/{version.id}/sign",
        {"meaning": "批准", "password": PASSWORD, "effective_date": local_today().isoformat()},
        f"/documents/{doc.id}",
    )
    assert status == 200
    assert "生效日期不能早于今天" not in signed
    db.session.expire_all()
    assert db.session.get(type(version), version.id).status == "approved"
    _, _, found = person.get(b, "/search/?q=" + urllib.parse.quote("蓝鲸灯塔"))
    assert "两服务器共用规定" in found
    assert "有 1 份现行文件待您签阅" in reader.get(b, "/")[2]

    # a logout on B ends the session on A too, and the person's other sessions on any server
    other_tab = Browser()
    _login(other_tab, b, "approver")
    assert not other_tab.get(a, "/")[1].split("?")[0].endswith("/login")
    person.post(b, "/logout", {}, "/")
    assert person.get(a, "/")[1].split("?")[0].endswith("/login")
    assert other_tab.get(a, "/")[1].split("?")[0].endswith("/login")

    # failed logins are counted across both servers: two free failures, then a wait
    guesser = Browser()
    _, _, first = _login(guesser, a, "reviewer", "猜错的密码一")
    _, _, second = _login(guesser, b, "reviewer", "猜错的密码二")
    _, _, third = _login(guesser, a, "reviewer", PASSWORD)
    assert "登录尝试过于频繁" not in first + second
    assert "登录尝试过于频繁" in third
