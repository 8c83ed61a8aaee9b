"""The government documents as a search source: how a row is indexed, who may see it, what the
result list shows. Handed to the search room at set-up (wiring.py), so search never imports
this room."""

from __future__ import annotations

from flask import url_for

from ..auth.permissions import can
from ..extensions import db
from ..search.interface import SearchDoc
from ..search.registry import Shown, Source
from .models import GovDocument

KIND = "govdoc"


def to_doc(g: GovDocument) -> SearchDoc | None:
    if g.voided_at is not None:
        return None
    return SearchDoc(
        key=f"gd:{g.id}",
        kind=KIND,
        title=g.title,
        number=g.doc_number or "",
        body=g.text or "",
        status=g.validity or "",
        category=g.category or "",
        authority=g.issuer or "",
        date=g.issued_on,
        restricted=False,
        center_id=g.center_id,
    )


def visible(user, g: GovDocument) -> bool:
    return g.voided_at is None and can(user, "govdocs.view")


def shown(g: GovDocument, hl: str | None) -> Shown:
    url = url_for("govdocs.view", doc_id=g.id, hl=hl or None) + ("#hl-1" if hl else "")
    return Shown(
        kind=KIND, status=g.validity, body=g.text or "", number=g.doc_number, title=g.title, date=g.issued_on, url=url
    )


def suggestions() -> dict[str, set[str]]:
    def distinct(column) -> set[str]:
        return {v for v in db.session.scalars(db.select(column).where(GovDocument.voided_at.is_(None)).distinct()) if v}

    return {"category": distinct(GovDocument.category), "authority": distinct(GovDocument.issuer)}


SOURCE = Source(
    prefix="gd",
    model=GovDocument,
    kinds=((KIND, "政府文件"),),
    to_doc=to_doc,
    visible=visible,
    shown=shown,
    suggestions=suggestions,
)
