"""Rules handed down through the pages (issue 13 item 2): a county's register, the city rule's page
and its text on a date with the county's supplement, compare with a local version, 签阅, and the
edit pages of the city rule closed to the county."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import inspect

from app.auth.models import User
from app.centers.context import acting_in
from app.documents import queries, services
from app.documents.models import Acknowledgement, Document
from app.documents.services import handed_down as hd_services
from app.extensions import db
from tests.conftest import AuthActions
from tests.factories import approve

ROLES = ("author", "reviewer", "approver", "window", "auditor", "evaluator")


@pytest.fixture
def people(city):
    """code -> role -> (username, id, display name), read before any request empties the session."""
    return {
        code: {
            role: SimpleNamespace(
                username=getattr(getattr(city.teams, code), role).username,
                id=getattr(getattr(city.teams, code), role).id,
                display_name=getattr(getattr(city.teams, code), role).display_name,
            )
            for role in ROLES
        }
        for code in ("city", "A", "B", "T")
    }


def fresh(city, code):
    """The team of center `code`, loaded again (call inside acting_in of that center)."""
    old = getattr(city.teams, code)
    return SimpleNamespace(
        **{role: db.session.get(User, inspect(getattr(old, role)).identity[0]) for role in ROLES}, password=old.password
    )


def rule_in(city, center_id):
    """The city rule as read in `center_id` (a fresh load)."""
    from app.auth.permissions import handed_down_center_ids

    with acting_in(center_id):
        if center_id == city.ids.city:
            return db.session.get(Document, city.rule_id)
        user = db.session.scalar(db.select(User).limit(1))
        return queries.handed_down_document(city.rule_id, handed_down_center_ids(user))


def login(app, who):
    client = app.test_client()
    db.session.expunge_all()
    assert AuthActions(client).login(who.username).status_code == 302
    return client


def get(client, url):
    db.session.expunge_all()  # each request starts with an empty session, as in production
    return client.get(url)


def add_supplement(city, code="A", text="第一条　甲县窗口另需登记来访人数。"):
    center_id = getattr(city.ids, code)
    rule = rule_in(city, center_id)
    with acting_in(center_id):
        team = fresh(city, code)
        doc = hd_services.attach_variant(team.author, rule, "supplement", content_md=text)
        db.session.commit()
        approve(team, doc.versions[0], city.today - timedelta(days=30))
    return SimpleNamespace(id=doc.id, number=doc.number)


def add_local_version(city, code="A"):
    center_id = getattr(city.ids, code)
    rule = rule_in(city, center_id)
    with acting_in(center_id):
        team = fresh(city, code)
        doc = hd_services.attach_variant(
            team.author, rule, "local_version", content_md="第一条　甲县窗口工作人员着甲县制式服装。"
        )
        db.session.commit()
        approve(team, doc.versions[0], city.today - timedelta(days=20))
    return SimpleNamespace(id=doc.id, number=doc.number)


def test_county_register_lists_the_city_rule_marked_handed_down(app, city, people):
    add_supplement(city)
    page = get(login(app, people["A"]["window"]), "/documents/").get_data(as_text=True)
    assert "本市下发窗口服务规范" in page and "上级下发" in page and "有补充规定" in page
    page_b = get(login(app, people["B"]["window"]), "/documents/").get_data(as_text=True)
    assert "本市下发窗口服务规范" in page_b and "有补充规定" not in page_b
    page_city = get(login(app, people["city"]["window"]), "/documents/").get_data(as_text=True)
    assert "本市下发窗口服务规范" in page_city and "上级下发" not in page_city


def test_county_sees_the_city_rule_with_its_own_supplement_only(app, city, people):
    add_supplement(city, "A")
    add_supplement(city, "B", text="第一条　乙县专门要求。")
    client = login(app, people["A"]["window"])
    response = get(client, f"/documents/{city.rule_id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "首问负责，一次告知" in page and "甲县窗口另需登记来访人数" in page and "本中心补充规定" in page
    assert "乙县专门要求" not in page
    on = get(client, f"/documents/{city.rule_id}/on?date={city.today.isoformat()}").get_data(as_text=True)
    assert "甲县窗口另需登记来访人数" in on and "乙县专门要求" not in on
    before = get(client, f"/documents/{city.rule_id}/on?date={(city.today - timedelta(days=200)).isoformat()}")
    assert "尚未生效" in before.get_data(as_text=True)
    page_b = get(login(app, people["B"]["window"]), f"/documents/{city.rule_id}").get_data(as_text=True)
    assert "乙县专门要求" in page_b and "甲县窗口另需登记来访人数" not in page_b


def test_the_city_drafts_answer_404_below_and_the_edit_pages_of_the_city_rule_too(app, city, people):
    with acting_in(city.ids.city):
        rule = db.session.get(Document, city.rule_id)
        author = fresh(city, "city").author
        draft = services.create_draft(author, rule, content_md="第一条　草稿中的新规定。")
        db.session.commit()
        draft_doc = services.create_document(author, "rule", "本市未发布制度", content_md="x")
        db.session.commit()
        draft_id, draft_doc_id, first_id = draft.id, draft_doc.id, rule.versions[0].id
    client = login(app, people["A"]["approver"])
    assert get(client, f"/documents/versions/{draft_id}").status_code == 404
    assert get(client, f"/documents/{draft_doc_id}").status_code == 404
    assert "草稿中的新规定" not in get(client, f"/documents/{city.rule_id}").get_data(as_text=True)
    assert "草稿中的新规定" not in get(client, f"/documents/{city.rule_id}/compare").get_data(as_text=True)
    for url in (f"/documents/{city.rule_id}/properties", f"/documents/{city.rule_id}/repeal"):
        assert get(client, url).status_code == 404, url
    assert get(client, f"/documents/versions/{first_id}").status_code == 200


def test_compare_in_a_county_sets_the_city_text_beside_its_local_version(app, city, people):
    local = add_local_version(city)
    client = login(app, people["A"]["window"])
    page = get(client, f"/documents/{city.rule_id}/compare").get_data(as_text=True)
    assert "本地版本 A/0" in page and "甲县制式服装" in page and "统一着装" in page
    page_b = get(login(app, people["B"]["window"]), f"/documents/{city.rule_id}/compare").get_data(as_text=True)
    assert "甲县制式服装" not in page_b
    show = get(client, f"/documents/{city.rule_id}").get_data(as_text=True)
    assert "本地版本" in show and local.number in show and "甲县制式服装" in show


def test_a_stale_local_version_is_shown_and_the_county_can_redraft_it(app, city, people):
    local = add_local_version(city)
    with acting_in(city.ids.city):
        rule = db.session.get(Document, city.rule_id)
        team = fresh(city, "city")
        new = services.create_draft(team.author, rule, content_md="第一条　着装（市修订）。", change_reason="修")
        db.session.commit()
        approve(team, new, city.today - timedelta(days=5))
    client = login(app, people["A"]["author"])
    page = get(client, f"/documents/{city.rule_id}").get_data(as_text=True)
    assert "已失效" in page and "着装（市修订）" in page and "按上级新版本起草本地版本" in page
    assert "本地版本已失效" in get(client, "/documents/").get_data(as_text=True)
    db.session.expunge_all()
    response = client.post(f"/documents/{local.id}/local/redraft")
    assert response.status_code == 302 and "/documents/versions/" in response.headers["Location"], get(
        client, response.headers["Location"]
    ).get_data(as_text=True)[:3000]
    with acting_in(city.ids.A):
        local = db.session.get(Document, local.id)
        assert [v.revision for v in local.versions] == ["A/0", "A/1"]
        assert local.versions[-1].content_md == "第一条　着装（市修订）。"


def test_county_staff_sign_the_city_rule_on_its_page(app, city, people):
    text = SimpleNamespace(id=city.first_id)
    client = login(app, people["A"]["window"])
    assert "本市下发窗口服务规范" in get(client, "/documents/to-read").get_data(as_text=True)
    db.session.expunge_all()
    response = client.post(f"/documents/versions/{text.id}/acknowledge")
    assert response.status_code == 302
    with acting_in(city.ids.A):
        acks = db.session.scalars(db.select(Acknowledgement).where(Acknowledgement.version_id == text.id)).all()
        assert [(a.user_id, a.center_id) for a in acks] == [(people["A"]["window"].id, city.ids.A)]
    assert "您已签阅" in get(client, f"/documents/{city.rule_id}").get_data(as_text=True)
    readers = get(login(app, people["A"]["approver"]), f"/documents/versions/{text.id}/readers").get_data(as_text=True)
    assert people["A"]["window"].display_name in readers and people["B"]["window"].display_name not in readers


def test_county_manager_adds_a_supplement_through_the_form(app, city, people):
    client = login(app, people["A"]["author"])
    form = get(client, f"/documents/{city.rule_id}/local/new?kind=supplement")
    assert form.status_code == 200 and "添加补充规定或本地版本" in form.get_data(as_text=True)
    db.session.expunge_all()
    empty = client.post(f"/documents/{city.rule_id}/local/new", data={"kind": "bogus"})
    assert empty.status_code == 200  # re-shown, not 500
    db.session.expunge_all()
    response = client.post(
        f"/documents/{city.rule_id}/local/new",
        data={
            "kind": "supplement",
            "title": "甲县窗口补充规定",
            "content_md": "第一条　甲县补充。",
            "change_reason": "本县补充",
        },
    )
    assert response.status_code == 302
    page = get(client, "/documents/").get_data(as_text=True)
    assert "甲县窗口补充规定" in page and "补充规定" in page
    # window staff cannot, and the city's own rule has no variant page in the city
    assert get(login(app, people["A"]["window"]), f"/documents/{city.rule_id}/local/new").status_code == 403
    assert get(login(app, people["city"]["author"]), f"/documents/{city.rule_id}/local/new").status_code == 404


def test_the_rules_pages_of_a_county_include_the_city_rule_in_the_text_that_applies_there(app, city, people):
    sup = add_supplement(city, "A")
    client = login(app, people["A"]["window"])
    index = get(client, "/rules/").get_data(as_text=True)
    assert "本市下发窗口服务规范" in index and "本市下发窗口服务规范补充规定" in index
    page = get(client, f"/rules/{city.rule_id}").get_data(as_text=True)
    assert "上级下发" in page and "首问负责，一次告知" in page and "甲县窗口另需登记来访人数" in page
    assert "甲县窗口另需登记来访人数" in get(client, "/rules/compilation").get_data(as_text=True)
    b = login(app, people["B"]["window"])
    assert "甲县窗口另需登记来访人数" not in get(b, f"/rules/{city.rule_id}").get_data(as_text=True)
    assert get(b, f"/rules/{sup.id}").status_code == 404
    local = add_local_version(city, "A")
    index = get(login(app, people["A"]["window"]), "/rules/").get_data(as_text=True)
    assert f"/rules/{local.id}" in index and f"/rules/{city.rule_id}?" not in index
    assert f"/rules/{city.rule_id}?" in get(b, "/rules/").get_data(as_text=True)


def test_the_city_sees_which_centers_below_localised_its_rule_not_their_text(app, city, people):
    add_supplement(city, "A")
    add_local_version(city, "B")
    page = get(login(app, people["city"]["approver"]), f"/documents/{city.rule_id}").get_data(as_text=True)
    assert (
        "下级中心的本地规定" in page and "甲县政务服务中心：补充规定" in page and "乙县政务服务中心：本地版本" in page
    )
    assert "甲县窗口另需登记来访人数" not in page and "甲县制式服装" not in page
    window = get(login(app, people["city"]["window"]), f"/documents/{city.rule_id}").get_data(as_text=True)
    assert "下级中心的本地规定" not in window  # window staff: not their concern (permission module)
    county = get(login(app, people["A"]["approver"]), f"/documents/{city.rule_id}").get_data(as_text=True)
    assert "乙县" not in county
