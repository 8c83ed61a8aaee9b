"""Rules handed down, wired (issue 13 item 2): the register, the text in force, 签阅 and the local
supplements and versions of a city rule, per center, through the real services and queries."""

import json
from datetime import timedelta

import pytest

from app.auth.permissions import handed_down_center_ids, may_read_handed_down
from app.centers.context import acting_in
from app.documents import queries, services
from app.documents.services import DocumentError, reading
from app.documents.services import handed_down as hd_services
from app.extensions import db
from tests.factories import approve


def register_of(city, code, include_drafts=True):
    team = getattr(city.teams, code)
    with acting_in(team.center_id):
        _, rows = queries.register_page(
            city.today, include_drafts=include_drafts, above=handed_down_center_ids(team.author)
        )
        return [(r.document.number, r.document.title, r.issuer, r.status) for r in rows]


def supplement(city, code="A", text="第一条　本县窗口另需登记来访人数。", effective_days_ago=50):
    team = getattr(city.teams, code)
    with acting_in(team.center_id):
        doc = hd_services.attach_variant(team.author, city.rule, "supplement", content_md=text)
        db.session.commit()
        approve(team, doc.versions[0], city.today - timedelta(days=effective_days_ago))
    return doc


def local_version(city, code="A", text="第一条　本县窗口工作人员着本县制式服装。", effective_days_ago=40):
    team = getattr(city.teams, code)
    with acting_in(team.center_id):
        doc = hd_services.attach_variant(team.author, city.rule, "local_version", content_md=text)
        db.session.commit()
        approve(team, doc.versions[0], city.today - timedelta(days=effective_days_ago))
    return doc


def revise_city_rule(city, text="第一条　窗口工作人员统一着装（修订）。", effective_days_ago=10):
    team = city.teams.city
    with acting_in(team.center_id):
        rule = db.session.get(type(city.rule), city.rule.id)
        draft = services.create_draft(team.author, rule, content_md=text, change_reason="修订着装要求")
        db.session.commit()
        approve(team, draft, city.today - timedelta(days=effective_days_ago))
    return draft


def applicable(city, code, day=None):
    team = getattr(city.teams, code)
    with acting_in(team.center_id):
        doc = queries.handed_down_document(city.rule.id, handed_down_center_ids(team.author))
        return queries.applicable_here(doc, day or city.today)


# ------------------------------------------------------------------ the register per center
def test_register_of_each_center_below_lists_the_city_rule_marked_with_its_issuer(city):
    from app.centers.models import Center

    city_name = db.session.get(Center, city.ids.city).name
    for code in ("A", "B", "T"):
        rows = register_of(city, code)
        handed = [r for r in rows if r[2]]
        assert handed == [(city.rule.number, "本市下发窗口服务规范", city_name, "current")], rows
    city_rows = register_of(city, "city")
    assert [r for r in city_rows if r[2]] == []  # the city's own rule is its own, not handed down
    assert [r[1] for r in city_rows] == ["本市下发窗口服务规范"]


def test_the_city_drafts_and_a_sibling_countys_rules_never_reach_a_county(city):
    with acting_in(city.ids.city):
        services.create_document(city.teams.city.author, "rule", "本市草稿制度", content_md="第一条　草稿。")
        db.session.commit()
    with acting_in(city.ids.B):
        own_b = services.create_document(city.teams.B.author, "rule", "乙县自己的制度", content_md="第一条　乙县。")
        db.session.commit()
        approve(city.teams.B, own_b.versions[0], city.today)
    titles_a = [r[1] for r in register_of(city, "A")]
    assert "本市草稿制度" not in titles_a and "乙县自己的制度" not in titles_a
    assert "本市下发窗口服务规范" in titles_a
    assert "乙县自己的制度" in [r[1] for r in register_of(city, "B")]


def test_a_township_sees_the_city_rule_and_its_countys_rules_but_not_the_countys_variants(city):
    supplement(city, "A")
    with acting_in(city.ids.A):
        own_a = services.create_document(city.teams.A.author, "rule", "甲县下发制度", content_md="第一条　甲县。")
        db.session.commit()
        approve(city.teams.A, own_a.versions[0], city.today)
    rows = register_of(city, "T")
    handed = {title: issuer for _, title, issuer, _ in rows if issuer}
    assert set(handed) == {"本市下发窗口服务规范", "甲县下发制度"} and handed["甲县下发制度"] == "甲县政务服务中心"
    assert not any("补充规定" in title for _, title, _, _ in rows)
    got = applicable(city, "T")
    assert got.supplements == () and got.text_version.id == city.rule.versions[0].id


# ------------------------------------------------------------------ the text in force per center
def test_a_supplement_applies_beside_the_city_text_in_its_county_only(city):
    sup = supplement(city, "A")
    got_a = applicable(city, "A")
    assert got_a.source == "handed_down" and got_a.text_version.id == city.rule.versions[0].id
    assert [v.document_id for v in got_a.supplements] == [sup.id]
    assert "本县窗口另需登记来访人数" in got_a.text()
    assert applicable(city, "B").supplements == ()
    rows = [r for r in register_of(city, "A") if r[1] == sup.title]
    assert rows == [(sup.number, "本市下发窗口服务规范补充规定", "", "current")]  # A's own document


def test_a_draft_supplement_does_not_apply_until_approved(city):
    with acting_in(city.ids.A):
        hd_services.attach_variant(city.teams.A.author, city.rule, "supplement", content_md="第一条　补充。")
        db.session.commit()
    assert applicable(city, "A").supplements == ()


def test_a_local_version_replaces_the_city_text_in_its_county_and_a_city_revision_makes_it_stale(city):
    sup = supplement(city, "A", effective_days_ago=50)
    local = local_version(city, "A", effective_days_ago=40)
    got = applicable(city, "A")
    assert got.source == "local" and got.local.document_id == local.id
    assert "本县制式服装" in got.text()
    assert applicable(city, "B").local is None
    new = revise_city_rule(city, effective_days_ago=10)
    got = applicable(city, "A")
    assert got.handed_down.id == new.id and got.local is None
    assert got.stale_local.document_id == local.id
    assert [v.document_id for v in got.supplements] == [sup.id]
    assert [v.document_id for v in got.stale_supplements] == [sup.id]
    # the day before the city revision took effect, the local version still applied
    before = applicable(city, "A", city.today - timedelta(days=11))
    assert before.local is not None and before.local.document_id == local.id


def test_a_stale_local_version_is_redrafted_from_the_new_city_text(city):
    local = local_version(city, "A")
    new = revise_city_rule(city)
    with acting_in(city.ids.A):
        local = db.session.get(type(local), local.id)
        draft = hd_services.redraft_local_version(city.teams.A.author, local)
        db.session.commit()
        assert draft.content_md == new.content_md and draft.revision == "A/1"
        approve(city.teams.A, draft, city.today)
    got = applicable(city, "A")
    assert got.local.id == draft.id and got.stale_local is None


def test_the_city_repeal_ends_the_local_supplement_too(city):
    supplement(city, "A")
    with acting_in(city.ids.city):
        rule = db.session.get(type(city.rule), city.rule.id)
        services.repeal(city.teams.city.approver, rule, "并入新规范", on_date=city.today)
        db.session.commit()
    got = applicable(city, "A")
    assert not got.in_force and got.supplements == ()
    assert [r[3] for r in register_of(city, "A") if r[2]] == ["repealed"]


# ------------------------------------------------------------------ refusals
def test_a_county_cannot_revise_or_repeal_the_city_rule(city):
    with acting_in(city.ids.A):
        rule = queries.handed_down_document(city.rule.id, handed_down_center_ids(city.teams.A.author))
        with pytest.raises(DocumentError, match="上级下发"):
            services.create_draft(city.teams.A.author, rule, content_md="改")
        with pytest.raises(DocumentError, match="上级下发"):
            services.repeal(city.teams.A.approver, rule, "不要了")
        db.session.rollback()


def test_variants_only_of_rules_handed_down_and_one_local_version_per_center(city):
    with acting_in(city.ids.B):
        own_b = services.create_document(city.teams.B.author, "rule", "乙县制度", content_md="第一条　乙。")
        db.session.commit()
        approve(city.teams.B, own_b.versions[0], city.today)
    with acting_in(city.ids.A):
        with pytest.raises(DocumentError, match="上级中心下发"):
            hd_services.attach_variant(city.teams.A.author, own_b, "supplement", content_md="第一条　补。")
        with pytest.raises(DocumentError, match="补充规定"):
            hd_services.attach_variant(city.teams.A.author, city.rule, "amendment", content_md="x")
        with pytest.raises(DocumentError, match="权限"):
            hd_services.attach_variant(city.teams.A.window, city.rule, "supplement", content_md="x")
        db.session.rollback()
    with acting_in(city.ids.city):  # the city itself: its own rule is not handed down to it
        with pytest.raises(DocumentError, match="上级中心下发"):
            hd_services.attach_variant(city.teams.city.author, city.rule, "supplement", content_md="x")
        db.session.rollback()
    local_version(city, "A")
    with acting_in(city.ids.A):
        with pytest.raises(DocumentError, match="已有该制度的本地版本"):
            hd_services.attach_variant(city.teams.A.author, city.rule, "local_version")
        db.session.rollback()
    assert not may_read_handed_down(city.teams.A.author, own_b)
    assert may_read_handed_down(city.teams.T.author, city.rule)


def test_a_local_version_starts_from_the_city_text_and_is_audited_in_chinese(city):
    from app.audit.labels import action_words, field_words
    from app.audit.models import AuditEntry

    with acting_in(city.ids.A):
        doc = hd_services.attach_variant(city.teams.A.author, city.rule, "local_version")
        db.session.commit()
        assert doc.versions[0].content_md == city.rule.versions[0].content_md
        assert doc.center_id == city.ids.A and doc.handed_down_from_id == city.rule.id
        entry = db.session.scalar(
            db.select(AuditEntry).where(AuditEntry.action == "attach_variant").order_by(AuditEntry.id.desc())
        )
    details = json.loads(entry.details)
    assert details["variant_kind"] == "本地版本" and details["upstream"].startswith(city.rule.number)
    assert action_words("attach_variant") == "添加下发制度的本地规定"
    assert field_words("upstream") == "上级制度"


# ------------------------------------------------------------------ 签阅 per center
def test_county_staff_sign_the_city_rule_in_their_center(city):
    text = city.rule.versions[0]
    with acting_in(city.ids.A):
        window = city.teams.A.window
        assert text.id in [v.id for v in reading.to_read(window)]
        ack = reading.acknowledge(window, text)
        db.session.commit()
        assert ack.center_id == city.ids.A
        assert text.id not in [v.id for v in reading.to_read(window)]
        done, pending = reading.readers(text)
        assert window.id in [u.id for u, _ in done]
        assert all(u.center_id == city.ids.A for u in pending)
        overview = {row.version.id: row for row in reading.reading_overview(user=city.teams.A.approver)}
        assert overview[text.id].read == 1
    with acting_in(city.ids.B):  # B's staff still have it to read; A's signature is not theirs
        assert text.id in [v.id for v in reading.to_read(city.teams.B.window)]
        done, _ = reading.readers(text)
        assert done == []


def test_where_a_local_version_applies_the_county_signs_it_not_the_city_text(city):
    local = local_version(city, "A")
    with acting_in(city.ids.A):
        window = city.teams.A.window
        ids = [v.id for v in reading.to_read(window)]
        assert local.versions[0].id in ids and city.rule.versions[0].id not in ids
        with pytest.raises(DocumentError, match="本中心现行有效"):
            reading.acknowledge(window, city.rule.versions[0])
        db.session.rollback()
    revise_city_rule(city)  # the local version is now stale: the new city text is to be read
    with acting_in(city.ids.A):
        ids = [v.id for v in reading.to_read(city.teams.A.window)]
        assert local.versions[0].id not in ids
        assert applicable(city, "A").handed_down.id in ids


def test_a_review_of_the_supplement_after_the_city_revision_clears_its_flag(city):
    from app.documents.logic import lifecycle as lc
    from app.documents.services.review import record_review

    sup = supplement(city, "A", effective_days_ago=50)
    revise_city_rule(city, effective_days_ago=10)
    assert [v.document_id for v in applicable(city, "A").stale_supplements] == [sup.id]
    with acting_in(city.ids.A):
        doc = db.session.get(type(sup), sup.id)
        record_review(city.teams.A.reviewer, doc, city.today - timedelta(days=20), lc.REVIEW_VALID, "修订前的评审")
        db.session.commit()
    assert [v.document_id for v in applicable(city, "A").stale_supplements] == [sup.id]  # before the revision
    with acting_in(city.ids.A):
        doc = db.session.get(type(sup), sup.id)
        record_review(city.teams.A.reviewer, doc, city.today, lc.REVIEW_VALID, "对照上级新版本复核，继续有效")
        db.session.commit()
    got = applicable(city, "A")
    assert got.stale_supplements == () and [v.document_id for v in got.supplements] == [sup.id]
    rows = [r for r in register_of(city, "A") if r[2]]
    assert rows  # the register computes the same (no 待复核 badge): checked in the views
