"""Periodic review (定期评审, ISO 9001 7.5.2 / 7.5.3): recording that a document in force was
reviewed and is still suitable, needs revising or should be repealed. Reviews are appended and
never edited or deleted; the latest one restarts the document's review cycle."""

from __future__ import annotations

from datetime import date

from ...audit.services import record
from ...core.timeutil import local_today
from ...extensions import db
from ..logic import lifecycle as lc
from ..models import Document, DocumentReview
from .common import DocumentError, _flush, _require

NOTE_MAX = 1000


class ReviewError(DocumentError):
    """A refused review; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str = "conclusion"):
        super().__init__(message)
        self.field = field


def record_review(
    user, document: Document, reviewed_on: date, conclusion: str, note: str = "", today: date | None = None
) -> DocumentReview:
    """Record a periodic review of `document` by `user` (permission documents.edit).

    Refused (DocumentError) when the day is in the future or before the version in force on
    that day took effect, when the document has no version in force that day or is repealed,
    for an unknown conclusion, and when 需修订 / 建议废止 comes without a note saying why."""
    _require(user, "documents.edit")
    today = today or local_today()
    note = (note or "").strip()
    if document is None:
        raise DocumentError("文件不存在。")
    if not isinstance(reviewed_on, date):
        raise ReviewError("请填写评审日期。", "reviewed_on")
    if reviewed_on > today:
        raise ReviewError("评审日期不能晚于今天。", "reviewed_on")
    if conclusion not in lc.REVIEW_CONCLUSIONS:
        raise ReviewError("请选择评审结论：" + "、".join(lc.REVIEW_CONCLUSIONS) + "。")
    if conclusion != lc.REVIEW_VALID and not note:
        raise ReviewError(f"评审结论为“{conclusion}”时，请在说明中写明理由和需要修改的内容。", "note")
    if len(note) > NOTE_MAX:
        raise ReviewError(f"评审说明不能超过 {NOTE_MAX} 字。", "note")
    if document.repealed_on is not None and document.repealed_on <= today:
        raise DocumentError("本文件已废止，无需定期评审。")
    version = lc.in_force(document.versions, reviewed_on, document.repealed_on)
    if version is None:
        raise ReviewError("评审日期当天本文件没有现行版本，请核对评审日期。", "reviewed_on")
    review = DocumentReview(
        document_id=document.id,
        version_id=version.id,
        reviewed_on=reviewed_on,
        reviewer_id=user.id,
        conclusion=conclusion,
        note=note,
    )
    db.session.add(review)
    db.session.flush()
    record(
        user,
        "review",
        "document",
        document.id,
        {
            "number": document.number,
            "revision": version.revision,
            "reviewed_on": reviewed_on.isoformat(),
            "conclusion": conclusion,
            "note": note,
            "review_id": review.id,
        },
    )
    _flush()
    return review


def reviews_of(document: Document) -> list[DocumentReview]:
    """The document's periodic reviews, newest first."""
    return list(
        db.session.scalars(
            db.select(DocumentReview)
            .where(DocumentReview.document_id == document.id)
            .order_by(DocumentReview.reviewed_on.desc(), DocumentReview.id.desc())
        )
    )
