"""Demo center documents: reviewers and approver per kind, then the bundled set in documents/,
then periodic reviews (定期评审) so the review dashboard looks like a center that keeps up.
Runs after app/auth/demo.py (DOMAINS order: auth before documents). Idempotent."""

import os
from dataclasses import dataclass
from datetime import date, timedelta

import click

from ..auth.models import User
from ..core import demoprofile
from ..core.timeutil import local_today
from ..extensions import db
from .logic import lifecycle as lc
from .models import KIND_LABELS, DocumentReview
from .services import kind_setting

DOCUMENTS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "documents")

# The demo's periodic reviews, relative to the load day: two documents overdue, three due within
# 30 days, the rest within their cycle. Two reviews found a revision necessary: SF-ZD-033 (its
# revision A/1 is approved and takes effect later) and SF-WI-002 (shown as 待修订).
OVERDUE_DAYS = (12, 40)
DUE_SOON_DAYS = (6, 17, 27)
REVISE_NOTES = {
    "SF-ZD-033": "卫生检查未涵盖生活垃圾分类，控烟只限大厅，需扩大到全楼；综合科已起草修订稿 A/1。",
    "SF-WI-002": "办件时限预警的亮灯规则与新系统的暂停计时功能不一致，需按系统实际修订操作步骤。",
}
VALID_NOTES = ("条款与现行法规、中心实际一致，继续执行。", "内容适用，无需修改。", "经归口科室核对，继续有效。")


@dataclass(frozen=True)
class PlannedReview:
    number: str
    reviewed_on: date
    conclusion: str
    note: str


def plan_reviews(documents, today: date) -> list[PlannedReview]:
    """Deterministic review plan. `documents`: (number, effective_date, interval_months) of the
    documents in force. A document gets a review only when the planned day falls on or after its
    in-force version's effective date (otherwise its own due date stands)."""
    docs = sorted(documents)
    n = len(docs)
    # Spread the overdue and due-soon picks over the register (a fixed stride, no randomness).
    order = sorted(range(n), key=lambda i: ((i * 7) % n, i)) if n else []
    targets = [("overdue", d) for d in OVERDUE_DAYS] + [("due_soon", d) for d in DUE_SOON_DAYS]
    plan, taken = [], set()
    for i in order:
        if not targets:
            break
        number, effective, interval = docs[i]
        if number in REVISE_NOTES:
            continue
        state, days = targets[0]
        due = today - timedelta(days=days) if state == "overdue" else today + timedelta(days=days)
        reviewed = lc.add_months(due, -interval)
        if effective <= reviewed <= today:
            plan.append(PlannedReview(number, reviewed, lc.REVIEW_VALID, VALID_NOTES[len(plan) % len(VALID_NOTES)]))
            taken.add(number)
            targets.pop(0)
    for i, (number, effective, interval) in enumerate(docs):
        if number in taken:
            continue
        # Within the cycle: the next review more than 30 days away.
        earliest = lc.add_months(today + timedelta(days=31), -interval)
        span = (today - earliest).days
        reviewed = today - timedelta(days=5 + (i * 53) % max(1, span - 10))
        if not (effective <= reviewed <= today):
            continue
        if number in REVISE_NOTES:
            plan.append(PlannedReview(number, reviewed, lc.REVIEW_REVISE, REVISE_NOTES[number]))
        else:
            plan.append(PlannedReview(number, reviewed, lc.REVIEW_VALID, VALID_NOTES[i % len(VALID_NOTES)]))
    return sorted(plan, key=lambda p: p.number)


def record_demo_reviews(today: date | None = None) -> int:
    """Record the planned reviews for documents that have none yet (郑怀远 reviews). Returns how many."""
    from .queries import versions_in_force
    from .services.review import record_review

    today = today or local_today()
    reviewer = db.session.scalar(db.select(User).filter_by(username=demoprofile.login("shenhe")))
    if reviewer is None:
        return 0
    reviewed_ids = set(db.session.scalars(db.select(DocumentReview.document_id).distinct()))
    versions = {v.document.number: v for v in versions_in_force(today) if v.document_id not in reviewed_ids}
    facts = [(num, v.effective_date, v.document.review_interval_months) for num, v in versions.items()]
    count = 0
    for planned in plan_reviews(facts, today):
        record_review(
            reviewer,
            versions[planned.number].document,
            planned.reviewed_on,
            planned.conclusion,
            planned.note,
            today=today,
        )
        count += 1
    return count


def configure_signers() -> None:
    """郑怀远 (shenhe) reviews and 周立衡 (admin) approves every kind, unless already configured."""
    reviewer = db.session.scalar(db.select(User).filter_by(username=demoprofile.login("shenhe")))
    approver = db.session.scalar(db.select(User).filter_by(username=demoprofile.login("admin")))
    for kind in KIND_LABELS:
        setting = kind_setting(kind)
        if reviewer is not None and not setting.reviewer_ids:
            setting.reviewer_ids = str(reviewer.id)
        if approver is not None and setting.approver_id is None:
            setting.approver_id = approver.id
    db.session.commit()


def load(directory: str = DOCUMENTS_DIR) -> None:
    from .services.loader import default_signers, load_directory

    configure_signers()
    author, reviewer, approver = default_signers()
    report = load_directory(directory, author, reviewer, approver)
    db.session.commit()
    for error in report.errors:
        click.echo("  文件集错误：" + error, err=True)
    click.echo("受控文件：" + report.summary())
    click.echo(f"定期评审：新记录 {record_demo_reviews()} 条。")
    db.session.commit()
