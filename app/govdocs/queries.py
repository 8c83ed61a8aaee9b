"""Read-only queries of the govdocs room."""

from ..extensions import db
from .models import GovDocument


def documents_page(category: str, per_page: int):
    """The library's live documents (of one category when given), newest first, one page."""
    query = db.select(GovDocument).where(GovDocument.voided_at.is_(None))
    if category:
        query = query.where(GovDocument.category == category)
    query = query.order_by(GovDocument.issued_on.desc().nulls_last(), GovDocument.id.desc())
    return db.paginate(query, per_page=per_page, error_out=False)


def categories() -> list[str]:
    """The categories in use by live documents."""
    rows = db.session.scalars(
        db.select(GovDocument.category).where(GovDocument.voided_at.is_(None)).distinct().order_by(GovDocument.category)
    ).all()
    return [c for c in rows if c]


def get_or_404(doc_id: int) -> GovDocument:
    return db.get_or_404(GovDocument, doc_id)
