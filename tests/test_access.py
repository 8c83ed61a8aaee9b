"""Every route × every role against the expected table.

Each domain keeps its part of the table in tests/<domain>/access_table.py as
EXPECTED = {endpoint: frozenset_of_roles}. This test checks that the tables together name
every route, that each route declares the permission that grants exactly those roles, and then
calls every route as every role: refused (403) exactly when the table says so."""

import importlib
import pkgutil
from pathlib import Path

import pytest

from app.auth.permissions import PERMISSIONS
from app.auth.roles import ALL_ROLES

PUBLIC = {"static", "auth.login"}
TESTS = Path(__file__).parent


def expected_table() -> dict:
    table = {}
    for info in pkgutil.iter_modules([str(TESTS)]):
        if not info.ispkg or not (TESTS / info.name / "access_table.py").exists():
            continue
        module = importlib.import_module(f"tests.{info.name}.access_table")
        overlap = set(table) & set(module.EXPECTED)
        assert not overlap, f"endpoints listed twice: {overlap}"
        table.update(module.EXPECTED)
    return table


def api_tables() -> tuple[set, set]:
    """Device-token routes (DEVICE_API) and public API descriptions (PUBLIC_API) of the access
    tables: no session role opens the former, everyone may read the latter."""
    token, public = set(), set()
    for info in pkgutil.iter_modules([str(TESTS)]):
        if info.ispkg and (TESTS / info.name / "access_table.py").exists():
            module = importlib.import_module(f"tests.{info.name}.access_table")
            token |= set(getattr(module, "DEVICE_API", ()))
            public |= set(getattr(module, "PUBLIC_API", ()))
    return token, public


def _routes(app):
    # Logout last: calling it ends the session the later calls need.
    token, public = api_tables()
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in PUBLIC | token | public]
    return sorted(rules, key=lambda r: (r.endpoint == "auth.logout", r.rule))


def test_table_covers_every_route(app):
    table = expected_table()
    endpoints = {rule.endpoint for rule in _routes(app)}
    assert endpoints - set(table) == set(), "routes missing from the access table"
    assert set(table) - endpoints == set(), "access table names routes that do not exist"


def test_every_route_declares_the_permission_the_table_expects(app):
    table = expected_table()
    for rule in _routes(app):
        view = app.view_functions[rule.endpoint]
        permission = getattr(view, "permission", None)
        assert permission is not None, f"{rule.endpoint} has no @permission_required"
        assert PERMISSIONS[permission] == table[rule.endpoint], f"{rule.endpoint}: {permission} grants other roles"


def _url_for(rule) -> str:
    values = {}
    for arg in rule.arguments:
        converter = rule._converters[arg].__class__.__name__
        values[arg] = 999999 if converter in ("IntegerConverter", "NumberConverter") else "nonexistent"
    return rule.build(values, append_unknown=False)[1]


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_every_route_as_every_role(app, client, users, auth, role):
    table = expected_table()
    auth.login(users[role])
    for rule in _routes(app):
        url = _url_for(rule)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        if role in table[rule.endpoint]:
            assert response.status_code != 403, f"{role} refused at {method} {url}"
            assert response.status_code < 500, f"{method} {url} as {role}: {response.status_code}"
        else:
            assert response.status_code == 403, f"{role} not refused at {method} {url}: {response.status_code}"


def test_anonymous_is_sent_to_login(app, client):
    for rule in _routes(app):
        url = _url_for(rule)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"], f"{method} {url}"


@pytest.mark.parametrize("role", [None] + sorted(ALL_ROLES))
def test_device_api_needs_a_device_token_whatever_the_session(app, client, users, auth, role):
    token, public = api_tables()
    api_rules = [r for r in app.url_map.iter_rules() if r.endpoint in token | public]
    assert {r.endpoint for r in api_rules} == token | public, "API table names routes that do not exist"
    if role:
        auth.login(users[role])
    for rule in api_rules:
        view = app.view_functions[rule.endpoint]
        url = _url_for(rule)
        if rule.endpoint in public:
            assert getattr(view, "public_api", False) and client.get(url).status_code == 200
            continue
        assert getattr(view, "device_api", None), f"{rule.endpoint} has no device guard"
        response = client.post(url, json={})
        assert response.status_code == 401 and response.is_json and response.json["error"], f"{url} as {role}"
