"""The demo city's rules handed down (app/documents/demo_city.py): a city rule, a county's
supplement and another county's local version, approved through the real services; idempotent."""

import pytest

from app.auth.logic.passwords import DEMO_PASSWORD
from app.auth.permissions import handed_down_center_ids
from app.centers.context import acting_in, default_center_id
from app.centers.models import Center
from app.centers.services import create_center
from app.core.timeutil import local_today
from app.documents import queries
from app.documents.demo_city import CITY_TITLE, load_handed_down_demo
from app.documents.models import Document
from app.extensions import db
from tests.factories import create_signers, create_user


@pytest.fixture
def demo_city(app):
    city_id = default_center_id()
    db.session.commit()
    a = create_center(None, "QS", "青山县政务服务中心", "county", city_id)
    b = create_center(None, "BS", "白水县政务服务中心", "county", city_id)
    db.session.commit()
    readers = {}
    for prefix, center_id in (("", city_id), ("qs_", a.id), ("bs_", b.id)):
        with acting_in(center_id):
            create_user("doc_manager", f"{prefix}wenjian", password=DEMO_PASSWORD)
            reviewer = create_user("doc_manager", f"{prefix}shenhe", password=DEMO_PASSWORD)
            approver = create_user("admin", f"{prefix}admin", password=DEMO_PASSWORD)
            readers[center_id] = create_user("window_staff", f"{prefix}chuangkou", password=DEMO_PASSWORD)
            create_signers(reviewer, approver)
    return db.session.get(Center, city_id), [a, b], readers


def test_the_demo_hands_a_city_rule_down_with_a_supplement_and_a_local_version(demo_city):
    city, (a, b), readers = demo_city
    made = load_handed_down_demo(city, [a, b])
    assert made["rule"] is not None and made["supplement"] is not None and made["local_version"] is not None
    again = load_handed_down_demo(city, [a, b])
    assert {k: v.id for k, v in again.items()} == {k: v.id for k, v in made.items()}
    with acting_in(city.id):
        assert db.session.scalar(db.select(db.func.count()).where(Document.title == CITY_TITLE)) == 1
    rule_id = made["rule"].id
    with acting_in(a.id):
        rule = queries.handed_down_document(rule_id, handed_down_center_ids(readers[a.id]))
        got = queries.applicable_here(rule, local_today())
        assert got.source == "handed_down" and len(got.supplements) == 1 and "统一回访" in got.text()
    with acting_in(b.id):
        rule = queries.handed_down_document(rule_id, handed_down_center_ids(readers[b.id]))
        got = queries.applicable_here(rule, local_today())
        assert got.source == "local" and got.supplements == () and "当日" in got.text()
