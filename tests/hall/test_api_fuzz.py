"""The device API fuzzed from its own OpenAPI description (schemathesis, over real HTTP against
the live server): valid and invalid bodies, with the right token, the wrong kind's token and
none. Not one answer may be a 500; every answer is JSON with a documented status."""

import json

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings

from app.extensions import db
from app.hall.services import devices
from tests.hall.test_api import api  # noqa: F401  (the devices, their tokens and two cases)

MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


@pytest.mark.slow  # over 10 s on the shared 2-core machine
@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_no_server_error_for_any_generated_call(api, mode):  # noqa: F811
    spec = json.loads(requests.get(api["base"] + "/hall/api/v1/openapi.json", timeout=10).text)
    schema = schemathesis.openapi.from_dict(spec)
    base = api["base"] + "/hall/api/v1"
    session = requests.Session()
    seen = []
    for result in schema.get_all_operations():
        op = result.ok()
        documented = {int(code) for code in spec["paths"][op.path][op.method.lower()]["responses"]}
        own = api["rt"] if op.path == "/ratings" else api["qt"]
        other = api["qt"] if op.path == "/ratings" else api["rt"]

        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=op.as_strategy(generation_mode=mode))
        def run(case):
            # run() is called at once, inside this loop turn, so the loop's values are the ones meant
            for token in (own, other, None):  # noqa: B023
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                response = case.call(base_url=base, session=session, headers=headers)
                seen.append(response.status_code)
                assert response.status_code < 500, (case.body, response.text)
                assert response.status_code in documented, (response.status_code, case.body, response.text)  # noqa: B023
                kind = {k.lower(): v for k, v in response.headers.items()}["content-type"]
                assert "application/json" in str(kind)
                body = response.json()
                assert (response.status_code == 201) or (isinstance(body.get("error"), str) and body["error"])

        run()
    assert seen and all(code < 500 for code in seen)
    if mode is schemathesis.GenerationMode.POSITIVE:
        assert 201 in seen  # valid tickets were accepted, not only refused
    db.session.expire_all()
    assert devices.authenticate(api["qt"]) is not None
