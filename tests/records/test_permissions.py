"""Every records route as every role, against tests/records/access_table.py (independent of the
other domains' tables, so this domain's permissions are checked on their own)."""

import pytest

from app.auth.permissions import PERMISSIONS
from app.auth.roles import ALL_ROLES
from tests.records.access_table import EXPECTED
from tests.test_access import _url_for


def _rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("records.")]


def test_table_names_exactly_the_records_routes(app):
    assert {r.endpoint for r in _rules(app)} == set(EXPECTED)


def test_each_route_declares_the_expected_permission(app):
    for rule in _rules(app):
        permission = app.view_functions[rule.endpoint].permission
        assert PERMISSIONS[permission] == EXPECTED[rule.endpoint], rule.endpoint


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_records_routes_as_role(app, client, users, auth, role):
    auth.login(users[role])
    for rule in _rules(app):
        url = _url_for(rule)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        if role in EXPECTED[rule.endpoint]:
            assert response.status_code != 403, f"{role} refused at {method} {url}"
            assert response.status_code < 500, f"{method} {url} as {role}: {response.status_code}"
        else:
            assert response.status_code == 403, f"{role} not refused at {method} {url}"
