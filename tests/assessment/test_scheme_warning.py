"""A version of SF-ZD-017 without a scoring scheme of its own keeps the earlier scheme: the draft
is flagged on the document pages, and months after it are scored by the carried-over scheme."""

from datetime import date

from app.assessment.logic import schemes as sch
from app.assessment.models import SchemeVersion
from app.assessment.queries import scheme_versions as schemes
from app.assessment.services.scheme_versions import attach
from app.documents.models import APPROVED, DRAFT, Document, DocumentVersion
from app.extensions import db

WARNING = "本版本没有单独的考核方案"


def _draft(doc, revision="B/1"):
    dv = DocumentVersion(
        document=doc, revision=revision, content_md="第一条　示例。", status=DRAFT, change_reason="修订"
    )
    db.session.add(dv)
    db.session.commit()
    return dv


def test_draft_of_the_rule_without_scheme_is_flagged(client, users, auth, rule):
    doc = db.session.scalar(db.select(Document).filter_by(number=sch.RULE_NUMBER))
    dv = _draft(doc)
    auth.login(users["doc_manager"])
    page = client.get(f"/documents/versions/{dv.id}").get_data(as_text=True)
    assert WARNING in page and f"/assessment/schemes/draft/{dv.id}" in page
    attach(users["admin"], dv, sch.BUNDLED["B/0"]())
    db.session.commit()
    assert WARNING not in client.get(f"/documents/versions/{dv.id}").get_data(as_text=True)


def test_other_documents_and_approved_versions_are_not_flagged(client, users, auth, rule):
    other = Document(kind="rule", number="SF-ZD-016", seq=16, title="值周制度")
    db.session.add(other)
    db.session.flush()
    dv = _draft(other, "A/0")
    auth.login(users["doc_manager"])
    assert WARNING not in client.get(f"/documents/versions/{dv.id}").get_data(as_text=True)
    approved = db.session.scalar(db.select(DocumentVersion).filter_by(revision="B/0"))
    assert WARNING not in client.get(f"/documents/versions/{approved.id}").get_data(as_text=True)


def test_a_wording_only_version_keeps_the_earlier_scheme(client, users, auth, rule):
    doc = db.session.scalar(db.select(Document).filter_by(number=sch.RULE_NUMBER))
    before = schemes.scheme_version_in_force(date(2025, 1, 1))
    assert before is not None
    db.session.add(
        DocumentVersion(
            document=doc,
            revision="B/1",
            content_md="第一条　示例。",
            status=APPROVED,
            effective_date=date(2025, 2, 1),
            change_reason="仅修改文字",
        )
    )
    db.session.commit()
    assert schemes.version_in_force(date(2025, 3, 1)).revision == "B/1"
    assert schemes.scheme_version_in_force(date(2025, 3, 1)).id == before.id
    auth.login(users["evaluator"])
    assert "不能开启新的月度考核" not in client.get("/assessment/schemes").get_data(as_text=True)


def test_scheme_list_warns_when_no_version_so_far_has_a_scheme(client, users, auth, rule):
    db.session.execute(db.delete(SchemeVersion))
    db.session.commit()
    auth.login(users["evaluator"])
    assert schemes.scheme_version_in_force(date(2025, 3, 1)) is None
    assert "不能开启新的月度考核" in client.get("/assessment/schemes").get_data(as_text=True)
