"""A county's scoring scheme can be its own or the city's (issue 13 item 2): a setting per center;
a month opened afterwards is scored by the chosen scheme, a month already opened keeps its own."""

import json
from datetime import date

import pytest

from app.assessment.logic import schemes as sch
from app.assessment.models import SCHEME_OWN, SCHEME_PARENT
from app.assessment.queries import scheme_versions as versions
from app.assessment.services import sheets
from app.assessment.services.scheme_versions import attach, choose_scheme_source
from app.auth.models import User
from app.centers.context import acting_in, default_center_id
from app.centers.services import create_center
from app.documents.models import APPROVED, Document, DocumentVersion
from app.extensions import db
from app.kernel import DomainError, PermissionDenied, StaleEdit
from tests.conftest import AuthActions
from tests.factories import create_user


def _own_rule(admin, scheme):
    """The current center's own SF-ZD-017 with one approved version (2019) carrying `scheme`."""
    doc = Document(kind="rule", number=sch.RULE_NUMBER, seq=17, title=sch.RULE_TITLE)
    db.session.add(doc)
    db.session.flush()
    dv = DocumentVersion(
        document=doc, revision="A/0", content_md="第一条　县细则。", status=APPROVED, effective_date=date(2019, 1, 1)
    )
    db.session.add(dv)
    db.session.flush()
    sv = attach(admin, dv, scheme)
    db.session.commit()
    return sv


@pytest.fixture
def tree(app, rule, users):
    """The city (its SF-ZD-017 from the assessment fixture `rule`: B/0 in force since 2024), county A
    with its own SF-ZD-017 (A/0 scheme), county B, township T under A; an admin, an evaluator and
    window staff in each center below."""
    city_id = default_center_id()
    db.session.commit()
    a = create_center(None, "SA", "甲县政务服务中心", "county", city_id)
    b = create_center(None, "SB", "乙县政务服务中心", "county", city_id)
    db.session.flush()
    t = create_center(None, "ST", "甲县某镇便民服务中心", "township", a.id)
    db.session.commit()
    people = {}
    for code, center in (("A", a), ("B", b), ("T", t)):
        with acting_in(center.id):
            people[code] = {
                role: create_user(role, f"s{code.lower()}_{role}") for role in ("admin", "evaluator", "window_staff")
            }
    with acting_in(a.id):
        own_a = _own_rule(people["A"]["admin"], sch.BUNDLED["A/0"]())
    ids = {"city": city_id, "A": a.id, "B": b.id, "T": t.id}
    return {"ids": ids, "people": people, "city_sv": rule["B/0"], "own_a": own_a}


def _user(code, tree, role="admin"):
    return db.session.get(User, tree["people"][code][role].id)


def _choose(tree, code, source):
    with acting_in(tree["ids"][code]):
        current = versions.setting()
        choose_scheme_source(_user(code, tree), source, current.row_version if current else 0)
        db.session.commit()


def _open(tree, code, year, month):
    with acting_in(tree["ids"][code]):
        m = sheets.open_month(_user(code, tree, "evaluator"), year, month)
        db.session.commit()
        return m.scheme_version_id


def test_by_default_a_county_scores_by_its_own_scheme(tree):
    assert _open(tree, "A", 2026, 5) == tree["own_a"].id
    with acting_in(tree["ids"]["A"]):
        assert versions.scheme_source() == SCHEME_OWN


def test_a_county_that_chooses_the_citys_scheme_scores_its_next_month_by_it(tree):
    may = _open(tree, "A", 2026, 5)
    _choose(tree, "A", SCHEME_PARENT)
    june = _open(tree, "A", 2026, 6)
    assert may == tree["own_a"].id and june == tree["city_sv"].id
    with acting_in(tree["ids"]["A"]):
        assert versions.scoring_center_id() == tree["ids"]["city"]
        assert versions.scheme_version_in_force(date(2026, 6, 1)).id == tree["city_sv"].id
        # the month opened before keeps its scheme
        from app.assessment.queries.months import get_month

        assert get_month(2026, 5).scheme_version_id == tree["own_a"].id
    # county B is not moved by A's choice (B has no scheme of its own: it cannot open a month)
    with acting_in(tree["ids"]["B"]):
        assert versions.scheme_source() == SCHEME_OWN and versions.scheme_version_in_force(date(2026, 6, 1)) is None
    _choose(tree, "A", SCHEME_OWN)
    assert _open(tree, "A", 2026, 7) == tree["own_a"].id


def test_a_township_follows_the_chain_of_choices(tree):
    _choose(tree, "T", SCHEME_PARENT)
    with acting_in(tree["ids"]["T"]):
        assert versions.scoring_center_id() == tree["ids"]["A"]
        assert versions.scheme_version_in_force(date(2026, 6, 1)).id == tree["own_a"].id
    _choose(tree, "A", SCHEME_PARENT)
    with acting_in(tree["ids"]["T"]):
        assert versions.scoring_center_id() == tree["ids"]["city"]
    assert _open(tree, "T", 2026, 6) == tree["city_sv"].id


def test_refusals_root_center_window_staff_stale_form(tree, users):
    with acting_in(tree["ids"]["city"]):
        with pytest.raises(DomainError, match="没有上级中心"):
            choose_scheme_source(users["admin"], SCHEME_PARENT, 0)
        db.session.rollback()
    with acting_in(tree["ids"]["A"]):
        with pytest.raises(PermissionDenied):
            choose_scheme_source(_user("A", tree, "window_staff"), SCHEME_PARENT, 0)
        with pytest.raises(DomainError, match="来源"):
            choose_scheme_source(_user("A", tree), "province", 0)
        with pytest.raises(StaleEdit):
            choose_scheme_source(_user("A", tree), SCHEME_PARENT, None)
        db.session.rollback()
    _choose(tree, "A", SCHEME_PARENT)
    with acting_in(tree["ids"]["A"]):
        with pytest.raises(StaleEdit):
            choose_scheme_source(_user("A", tree), SCHEME_OWN, 0)  # the form saw no setting; one exists now
        db.session.rollback()


def test_the_choice_is_audited_in_chinese(tree):
    from app.audit.labels import action_words
    from app.audit.models import AuditEntry

    _choose(tree, "A", SCHEME_PARENT)
    with acting_in(tree["ids"]["A"]):
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "choose_source"))
    assert entry is not None and json.loads(entry.details) == {"from": "本中心的考核细则", "to": "上级中心的考核细则"}
    assert action_words("choose_source") == "选择考核细则来源"


# ------------------------------------------------------------------ the page
def _login(app, username):
    client = app.test_client()
    db.session.expunge_all()
    assert AuthActions(client).login(username).status_code == 302
    return client


def test_the_schemes_page_shows_and_saves_the_choice(app, tree):
    names = {code: {r: u.username for r, u in p.items()} for code, p in tree["people"].items()}
    city_sv_id, own_a_id = tree["city_sv"].id, tree["own_a"].id
    client = _login(app, names["A"]["admin"])
    page = client.get("/assessment/schemes").get_data(as_text=True)
    assert "本中心的月度考核使用" in page and "本中心的考核细则" in page and 'value="0"' in page
    assert client.get(f"/assessment/schemes/{city_sv_id}").status_code == 404
    db.session.expunge_all()
    response = client.post("/assessment/schemes/source", data={"source": "parent", "row_version": "0"})
    assert response.status_code == 302
    db.session.expunge_all()
    page = client.get("/assessment/schemes").get_data(as_text=True)
    assert "上级中心（" in page and "已开启的月份不受影响" in page
    db.session.expunge_all()
    assert client.get(f"/assessment/schemes/{city_sv_id}").status_code == 200
    db.session.expunge_all()
    stale = client.post("/assessment/schemes/source", data={"source": "own", "row_version": "0"})
    assert stale.status_code == 302  # refused with a message, the setting unchanged
    with acting_in(tree["ids"]["A"]):
        assert versions.scheme_source() == SCHEME_PARENT
    staff = _login(app, names["A"]["window_staff"])
    assert staff.post("/assessment/schemes/source", data={"source": "own", "row_version": "1"}).status_code == 403
    # county B's page: its own choice, and it cannot read A's scheme
    b = _login(app, names["B"]["admin"])
    assert "上级中心（" not in b.get("/assessment/schemes").get_data(as_text=True).split("本中心的月度考核使用")[1][:40]
    db.session.expunge_all()
    assert b.get(f"/assessment/schemes/{own_a_id}").status_code == 404


def test_the_city_page_has_no_choice(client, auth, tree, users):
    auth.login(users["admin"])
    assert "本中心的月度考核使用" not in client.get("/assessment/schemes").get_data(as_text=True)


def test_a_county_scoring_by_the_citys_scheme_cites_the_citys_articles(tree):
    from app.assessment.queries import articles

    with acting_in(tree["ids"]["A"]):
        own = articles.resolve("第一条", date(2026, 6, 1))
        assert own is not None and own.text.startswith("县细则")
    _choose(tree, "A", SCHEME_PARENT)
    with acting_in(tree["ids"]["A"]):
        cited = articles.resolve("第一条", date(2026, 6, 1))
        assert cited is not None and cited.version.center_id == tree["ids"]["city"] and cited.text.startswith("示例")
        labels = [label for label, _ in articles.choices_on(date(2026, 6, 1))]
        assert f"{sch.RULE_NUMBER} 第一条" in labels and labels.count(f"{sch.RULE_NUMBER} 第一条") == 1


def test_a_month_scored_by_the_citys_scheme_reads_it_in_the_county(app, tree):
    _choose(tree, "A", SCHEME_PARENT)
    _open(tree, "A", 2026, 6)
    city_sv_id = tree["city_sv"].id
    db.session.expunge_all()
    with acting_in(tree["ids"]["A"]):
        from app.assessment.queries.months import get_month

        m = get_month(2026, 6)
        assert m.scheme_version is not None and m.scheme_version.id == city_sv_id
        assert m.scheme_version.document_version.revision == "B/0"
        assert m.scheme_version.scheme is not None
    client = _login(app, "sa_evaluator")
    for url in ("/assessment/", "/assessment/2026/6"):
        db.session.expunge_all()
        response = client.get(url)
        assert response.status_code == 200, url
        assert "B/0" in response.get_data(as_text=True), url
