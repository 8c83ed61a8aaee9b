"""Small factories for searchable rows, written straight to the models (not through services)."""

from datetime import date, timedelta

from app.documents.models import Document, DocumentVersion
from app.extensions import db
from app.govdocs.models import GovDocument

_n = {"doc": 0, "gov": 0}


def gov(
    title,
    text,
    number="",
    issuer="示范市人民政府办公室",
    category="政务服务",
    validity="现行有效",
    issued=date(2024, 3, 8),
) -> GovDocument:
    _n["gov"] += 1
    g = GovDocument(
        title=title,
        text=text,
        doc_number=number,
        issuer=issuer,
        category=category,
        validity=validity,
        issued_on=issued,
        sha256=f"{_n['gov']:064d}",
    )
    db.session.add(g)
    db.session.commit()
    return g


def controlled(title, text, status="approved", kind="rule", category="窗口管理", effective=None) -> DocumentVersion:
    _n["doc"] += 1
    doc = Document(
        kind=kind, number=f"SF-ZD-{_n['doc']:03d}", seq=_n["doc"], title=title, category=category, owner_office="综合科"
    )
    db.session.add(doc)
    db.session.flush()
    if status == "approved" and effective is None:
        effective = date.today() - timedelta(days=10)
    v = DocumentVersion(document=doc, revision="A/0", content_md=text, status=status, effective_date=effective)
    db.session.add(v)
    db.session.commit()
    return v


def keys(result):
    return [h.key for h in result.hits]
