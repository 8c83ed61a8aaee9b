"""What the hall's procedures put into a window's monthly scoring (SF-ZD-017), as plain tuples
the assessment room reads (app/assessment/queries/records.py), so the assessment needs no hall types.

Each proposal is (source, count, staff_id, note, occurred_on, evidence) — evidence as the
assessment links it: [{"kind": "case" | "complaints", "id", "label"}]:
- "shirking" (第九条（三） 拒不答复或推诿): a 首问 matter passed on twice without an answer, charged
  to the window that made the second hand-over; and a hand-over the window did not confirm within
  1 working day *(default)*.
- "supplement_breach" (第十条（五） 受理、退回不当): a later 补正 notice asking for a material that the
  first notice did not list (the one-time notice rule broken).
- "overdue" (第十条（一） 超过承诺时限): a co-window stage of a joint case answered late or deemed to
  consent (超时默许) — the late window is charged, not the lead.
- "accountability": each 责任追究 decision on a complaint of the window (批评教育, 通报批评 …);
  the bundled SF-ZD-017 has no item for it (the valid complaint itself is S5 有效投诉), so it
  counts only where the center's scheme gives an item this source.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..auth.models import User
from ..core.timeutil import local_today
from ..extensions import db
from ..records.models import Complaint
from ..records.queries import month_bounds
from . import queries
from .logic import complaints as complaint_rules
from .models import Handover, SupplementNotice


def _staff_of_user(user_id: int | None) -> int | None:
    if not user_id:
        return None
    return db.session.scalar(select(User.staff_id).where(User.id == user_id))


def month_proposals(window_id: int, year: int, month: int, today: date | None = None) -> list[tuple]:
    today = today or local_today()
    first, last = month_bounds(year, month)
    out: list[tuple] = []
    for c in queries.shirks_in(first, last, window_id):
        h = db.session.scalar(
            select(Handover)
            .where(Handover.contact_id == c.id, Handover.from_window_id == window_id)
            .order_by(Handover.id.desc())
            .limit(1)
        )
        out.append(
            (
                "shirking",
                1,
                _staff_of_user(h.handed_by_id) if h else None,
                f"首问 {c.number} 转交两次仍未答复（推诿）",
                c.shirked_on,
                [],
            )
        )
    for h in queries.unconfirmed_in(first, last, window_id, today):
        out.append(("shirking", 1, None, f"首问 {h.contact.number} 转交后未按时确认接收", h.handed_on, []))
    for n in db.session.scalars(
        select(SupplementNotice)
        .where(SupplementNotice.window_id == window_id, SupplementNotice.issued_on.between(first, last))
        .order_by(SupplementNotice.id)
    ).all():
        if n.breach_keys:
            names = [m["name"] for m in n.missing if m["key"] in n.breach_keys]
            out.append(
                (
                    "supplement_breach",
                    1,
                    _staff_of_user(n.issued_by_id),
                    f"告知书 {n.number} 再次要求首次未告知的材料：{'、'.join(names)}",
                    n.issued_on,
                    [{"kind": "case", "id": n.case_id, "label": n.case.number}],
                )
            )
    for s in queries.charged_stages(first, last, window_id):
        what = "超时默许" if s.answer == "deemed" else "逾期答复"
        # no case evidence: the lights' one-charge-per-case rule is about the lead's own clock
        out.append(("overdue", 1, None, f"联办件 {s.case.number} 协办阶段{what}", s.answered_on, []))
    for a in queries.accountability_in(first, last, window_id):
        number = db.session.scalar(select(Complaint.number).where(Complaint.id == a.complaint_id))
        out.append(
            (
                "accountability",
                1,
                a.staff_id,
                f"责任追究：{complaint_rules.DECISIONS.get(a.decision, a.decision)}（投诉 {number}）",
                a.decided_on,
                [{"kind": "complaints", "id": a.complaint_id, "label": f"投诉 {number}"}],
            )
        )
    return out


def month_facts(window_id: int, year: int, month: int, today: date | None = None) -> dict:
    """The 差评 rectification rate of the month (GB/T 39735; None when nothing was due)."""
    today = today or local_today()
    rate = queries.rectification_rate(window_id, year, month, today)
    return {"bad_rectify_rate": rate}
