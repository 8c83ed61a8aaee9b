"""Routes × roles × centers (issue 13, "how we will know"): the center dimension of tests/test_access.py
and tests/test_access_objects.py.

Two counties A and B under a city hold the same-shaped data plus rows only they have, whose every
text names the center (甲县专属… / 乙县专属… / 本市专属…). Signed in as each role of county A:
- every GET route (lists, details, exports, statistics, charts) is called, routes with ids once
  with each id of B's own rows (and the city's), routes with a record kind once per kind: no answer
  may show B's or the city's marker (an "unexpected allow"), none may answer 500;
- the detail routes of B's rows answer 404 (not 403: no existence leak) where A's own answer 200.
The page texts of .xlsx and .docx answers are read from their XML."""

import io
import re
import zipfile

import pytest

from app.auth.roles import ALL_ROLES
from app.extensions import db
from app.records.registry import KINDS
from tests.factories import PASSWORD

# endpoint -> (the kind of B's row its id names, extra URL values)
DETAIL_ROUTES = {
    "records.case_detail": ("case", {}),
    "hall.case": ("case", {}),
    "records.item_detail": ("item", {}),
    "hall.item_materials": ("item", {}),
    "records.window_roster": ("window", {}),
    "records.kind_detail": ("complaint", {"kind": "complaints"}),
    "hall.complaint": ("complaint", {}),
    "documents.show": ("document", {}),
    "documents.properties": ("document", {}),
    "documents.version": ("version", {}),
    "documents.on_date": ("document", {}),
    "documents.compare": ("document", {}),
    "quality.nc_detail": ("nc", {}),
    "auth.user_detail": ("user", {}),
    "rollup.center": ("center", {}),
}
# an id argument is filled with B's ids; these are not object ids
NOT_IDS = {"year", "month"}
FOREIGN = ("乙县专属", "本市专属")


def _text(response) -> str:
    data = response.data
    if data[:2] == b"PK":  # .xlsx / .docx: the words are in the XML parts
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                xml = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
            return re.sub(r"<[^>]+>", "", xml)
        except zipfile.BadZipFile:
            pass
    return data.decode("utf-8", "replace")


def _foreign_ids(counties) -> list[int]:
    ids = set()
    for code in ("B", "city"):
        ids |= set(counties.own_ids[code].values())
    return sorted(ids)


def _urls(app, counties):
    """(endpoint, url) for every GET route, ids filled with B's and the city's ids."""
    adapter = app.url_map.bind("localhost")
    ids = _foreign_ids(counties)
    kinds = sorted(KINDS)
    numbers = [n for code in ("B", "city") for n in counties.numbers[code].values()]
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in ("static", "auth.logout"):
            continue
        args = sorted(rule.arguments)
        if not args:
            yield rule.endpoint, adapter.build(rule.endpoint, {})
            continue
        choices = []
        for arg in args:
            converter = type(rule._converters[arg]).__name__
            if arg in NOT_IDS:
                choices.append([2026] if arg == "year" else [6])
            elif arg == "kind":
                choices.append(kinds)
            elif converter == "IntegerConverter":
                choices.append(ids)
            else:
                choices.append(numbers)
        seen = set()
        for i in range(max(len(c) for c in choices)):
            values = {arg: c[i % len(c)] for arg, c in zip(args, choices, strict=True)}
            url = adapter.build(rule.endpoint, values)
            if url not in seen:
                seen.add(url)
                yield rule.endpoint, url
        if args == ["center_id", "window_id"]:  # the roll-up's window drill-down: every center × window
            for center in ("A", "B", "city"):
                for window in ("A", "B", "city"):
                    values = {"center_id": counties.ids[center], "window_id": counties.own_ids[window]["window"]}
                    url = adapter.build(rule.endpoint, values)
                    if url not in seen:
                        seen.add(url)
                        yield rule.endpoint, url


def _client(app, username):
    client = app.test_client()
    db.session.expunge_all()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def _get(client, url):
    db.session.expunge_all()  # the test shares the requests' session: each request starts empty, as in production
    return client.get(url)


@pytest.mark.slow  # about a thousand requests per role on the shared 2-core machine
def test_routes_by_roles_by_centers(app, counties, capsys):
    urls = list(_urls(app, counties))
    tried, unexpected_allows, own_seen = 0, [], 0
    for role in sorted(ALL_ROLES):
        client = _client(app, f"a_{role}")
        for endpoint, url in urls:
            response = _get(client, url)
            tried += 1
            assert response.status_code < 500, f"{role} GET {url}: {response.status_code}"
            if response.status_code != 200:
                continue
            page = _text(response)
            leaked = [m for m in FOREIGN if m in page]
            if leaked:
                unexpected_allows.append((role, endpoint, url, leaked))
            own_seen += "甲县专属" in page
    with capsys.disabled():
        print(
            f"\nroutes × roles × centers: {len(urls)} URLs × {len(ALL_ROLES)} roles = {tried} tried as county A; "
            f"unexpected allows {len(unexpected_allows)}: {unexpected_allows[:10]}"
        )
    assert own_seen > 50  # the sweep sees A's own rows (it could find a leak)
    assert unexpected_allows == []


def test_the_city_rule_handed_down_is_read_in_a_county_without_anything_of_the_other_county(app, counties):
    """Issue 13 item 2: county A reads the city's rule in force (its page, text on a date, compare,
    its version), never the city's draft of it nor county B's supplement or local version of it;
    B's variant documents answer 404 in A."""
    client = _client(app, "a_admin")
    rule = counties.own_ids["city"]["handed_down"]
    for url in (f"/documents/{rule}", f"/documents/{rule}/on?date=2026-06-01", f"/documents/{rule}/compare"):
        response = _get(client, url)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "本市下发窗口规范" in page, url
        assert "compare" in url or "本市下发条文" in page, url
        assert not [m for m in FOREIGN if m in page], url
    assert "本市下发窗口规范" in _get(client, "/documents/").get_data(as_text=True)
    for kind in ("supplement", "local_version"):
        assert _get(client, f"/documents/{counties.own_ids['B'][kind]}").status_code == 404
    b_page = _get(_client(app, "b_window_staff"), f"/documents/{rule}").get_data(as_text=True)
    assert "乙县专属本地版本" in b_page and "乙县专属补充" in b_page


def test_another_centers_rows_answer_404_where_ones_own_answer_200(app, counties):
    adapter = app.url_map.bind("localhost")
    client = _client(app, "a_admin")
    refused, own_ok = [], []
    for endpoint, (kind, extra) in DETAIL_ROUTES.items():
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        arg = next(a for a in rule.arguments if a not in extra)

        def url(code, endpoint=endpoint, kind=kind, extra=extra, arg=arg):
            return adapter.build(endpoint, {**extra, arg: counties.own_ids[code][kind]})

        for foreign in ("B", "city"):
            status = _get(client, url(foreign)).status_code
            if status != 404:
                refused.append((endpoint, foreign, status))
        own_ok.append((endpoint, _get(client, url("A")).status_code))
    assert refused == []
    assert [e for e, status in own_ok if status != 200] == []


# the statistics, lights, ratings, scores and exports a county reads about itself
STAT_PAGES = [
    "/",
    "/records/stats",
    "/records/stats/export",
    "/records/lights",
    "/records/cases/",
    "/records/cases/export",
    "/records/items/export",
    "/hall/",
    "/hall/lights",
    "/hall/complaints/",
    "/hall/complaints/month",
    "/hall/ratings/",
    "/hall/ratings/indicators.xlsx",
    "/assessment/",
    "/quality/",
    "/quality/nc",
    "/quality/objectives",
    "/documents/",
]  # (the audit trail moves with each reading of personal data: the sweep above checks it for B's words)


def _normal(response) -> str:
    """The page without what changes by itself (CSRF tokens, clock times, .docx/.xlsx properties)."""
    page = _text(response) if not response.data[:2] == b"PK" else _zip_text(response.data)
    page = re.sub(r'(csrf[-_]token"?\s+(?:value|content)=")[^"]*', r"\1", page)
    return re.sub(r"\d{1,2}:\d{2}(:\d{2})?", "", page)


def _zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = sorted(n for n in z.namelist() if n.endswith(".xml") and not n.startswith("docProps/"))
        return re.sub(r"<[^>]+>", "", " ".join(z.read(n).decode("utf-8", "replace") for n in parts))


def _add_rows_in(counties, code):
    from datetime import datetime

    from app.centers.context import acting_in
    from app.core.timeutil import local_today
    from app.records import services as records
    from app.records.models import Complaint
    from app.records.services import cases as case_services

    today = local_today()
    with acting_in(counties.ids[code]):
        admin = db.session.get(type(counties.people[code]["admin"]), counties.own_ids[code]["user"])
        shared = counties.shared[code]
        for n in range(3):
            item = db.session.merge(shared["committed"])
            case_services.register_case(
                admin,
                item,
                datetime(today.year, today.month, today.day, 9, 10 + n),
                "新申请人",
                window_id=item.window_id,
            )
        records.save(admin, Complaint(), {"received_on": today, "content": "新投诉", "complainant": "某某"})
        db.session.commit()


def _pages(app, username) -> dict:
    client = _client(app, username)
    out = {}
    for url in STAT_PAGES:
        response = _get(client, url)
        assert response.status_code < 500, (username, url, response.status_code)
        out[url] = (response.status_code, _normal(response))
    return out


def test_statistics_and_exports_of_a_county_do_not_move_when_another_county_works(app, counties):
    """Each page a county reads about itself is computed from its rows only: cases and complaints
    added in county B leave every page of county A (and of the city) exactly as it was, while B's
    own pages move (so the comparison can fail)."""
    before = {u: _pages(app, u) for u in ("a_admin", "a_evaluator", "city_evaluator", "b_admin")}
    _add_rows_in(counties, "B")
    after = {u: _pages(app, u) for u in before}
    for username in ("a_admin", "a_evaluator", "city_evaluator"):
        moved = [url for url in STAT_PAGES if before[username][url] != after[username][url]]
        assert moved == [], f"{username}: pages moved by county B's work: {moved}"
    b_moved = [url for url in STAT_PAGES if before["b_admin"][url] != after["b_admin"][url]]
    assert {"/records/stats", "/records/cases/export", "/hall/complaints/"} <= set(b_moved), b_moved
