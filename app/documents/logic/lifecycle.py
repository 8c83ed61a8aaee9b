"""The life of a controlled document (ISO 9001 7.5.2 and 7.5.3). Pure: no Flask, no database.

Stored version states are draft / in_review / approved / withdrawn. What people see (现行,
已替代, 已批准（待生效）, 已废止) follows from the effective dates compared with a given day and
the document's repeal date, so "the text in force on date D" is right for any past or future
day without a scheduled job.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta

DRAFT = "draft"
IN_REVIEW = "in_review"
APPROVED = "approved"
WITHDRAWN = "withdrawn"

# Displayed states (derived).
S_DRAFT = "draft"
S_IN_REVIEW = "in_review"
S_PENDING = "pending"  # 已批准, effective date still ahead
S_CURRENT = "current"  # 现行
S_SUPERSEDED = "superseded"  # 已替代
S_REPEALED = "repealed"  # 已废止
S_WITHDRAWN = "withdrawn"  # 已撤回 (an abandoned draft)

STATUS_LABELS = {
    S_DRAFT: "草稿",
    S_IN_REVIEW: "审核中",
    S_PENDING: "已批准（待生效）",
    S_CURRENT: "现行",
    S_SUPERSEDED: "已替代",
    S_REPEALED: "已废止",
    S_WITHDRAWN: "已撤回",
}
STATUS_BADGES = {
    S_DRAFT: "draft",
    S_IN_REVIEW: "review",
    S_PENDING: "approved",
    S_CURRENT: "current",
    S_SUPERSEDED: "superseded",
    S_REPEALED: "repealed",
    S_WITHDRAWN: "superseded",
}

# Signature meanings (电子签名的含义).
MEANING_REVIEWED = "审核通过"
MEANING_APPROVED = "批准"
MEANING_REJECTED = "驳回"
MEANINGS = (MEANING_REVIEWED, MEANING_APPROVED, MEANING_REJECTED)

FIRST_REVISION = "A/0"
_REVISION_RE = re.compile(r"^([A-Z])/(\d{1,3})$")


class RevisionError(ValueError):
    pass


def parse_revision(label: str) -> tuple[str, int]:
    """'A/3' -> ('A', 3). Raises RevisionError for anything else."""
    m = _REVISION_RE.match((label or "").strip())
    if not m:
        raise RevisionError(f"版本号“{label}”格式不正确，应为 A/0、A/1、B/0 这样的形式。")
    return m.group(1), int(m.group(2))


def revision_key(label: str) -> tuple[str, int]:
    """Sort key: A/9 < A/10 < B/0. Unparseable labels sort first."""
    try:
        return parse_revision(label)
    except RevisionError:
        return ("", -1)


def next_revision(latest: str | None, major: bool = False) -> str:
    """The label after `latest`: A/1 -> A/2 (minor), A/1 -> B/0 (major, a new edition)."""
    if not latest:
        return FIRST_REVISION
    letter, n = parse_revision(latest)
    if major:
        if letter == "Z":
            raise RevisionError("版本字母已用尽（Z）。")
        return f"{chr(ord(letter) + 1)}/0"
    return f"{letter}/{n + 1}"


def latest_revision(labels) -> str | None:
    labels = [lb for lb in labels if lb]
    return max(labels, key=revision_key) if labels else None


def content_sha256(text: str) -> str:
    """The hash a signature is bound to: SHA-256 of the exact UTF-8 Markdown."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


# -------------------------------------------------------------------- in force on a date
def _in_force_key(v):
    return (v.effective_date, v.id or 0)


def in_force(versions, on_date: date, repealed_on: date | None = None):
    """The one approved version in force on `on_date`: the latest effective_date not after it
    (ties broken by the higher id), or None before the first, or once the document is repealed."""
    if repealed_on is not None and repealed_on <= on_date:
        return None
    candidates = [
        v for v in versions if v.status == APPROVED and v.effective_date is not None and v.effective_date <= on_date
    ]
    return max(candidates, key=_in_force_key) if candidates else None


def last_in_force(versions, repealed_on: date | None):
    """The version that was in force the day before the repeal (shown as 已废止)."""
    if repealed_on is None:
        return None
    return in_force(versions, repealed_on - timedelta(days=1))


def version_status(version, versions, on_date: date, repealed_on: date | None = None) -> str:
    """Displayed state of one version among its document's versions, on `on_date`."""
    if version.status == DRAFT:
        return S_DRAFT
    if version.status == IN_REVIEW:
        return S_IN_REVIEW
    if version.status == WITHDRAWN:
        return S_WITHDRAWN
    if version.effective_date is None or version.effective_date > on_date:
        return S_PENDING
    if repealed_on is not None and repealed_on <= on_date:
        last = last_in_force(versions, repealed_on)
        if last is not None and last.id == version.id:
            return S_REPEALED
        return S_SUPERSEDED
    current = in_force(versions, on_date)
    return S_CURRENT if current is not None and current.id == version.id else S_SUPERSEDED


def document_status(
    on_date: date,
    repealed_on: date | None,
    has_in_force: bool,
    has_pending: bool,
    has_review: bool,
    has_draft: bool,
) -> str:
    """Displayed state of a document, from facts about its versions (the register computes
    these facts in SQL; see register.py, which mirrors this order)."""
    if repealed_on is not None and repealed_on <= on_date:
        return S_REPEALED
    if has_in_force:
        return S_CURRENT
    if has_pending:
        return S_PENDING
    if has_review:
        return S_IN_REVIEW
    if has_draft:
        return S_DRAFT
    return S_WITHDRAWN


def document_status_of(versions, on_date: date, repealed_on: date | None = None) -> str:
    return document_status(
        on_date,
        repealed_on,
        in_force(versions, on_date) is not None,
        any(v.status == APPROVED and v.effective_date and v.effective_date > on_date for v in versions),
        any(v.status == IN_REVIEW for v in versions),
        any(v.status == DRAFT for v in versions),
    )


# -------------------------------------------------------------------- periodic review
def add_months(d: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


REVIEW_VALID = "继续有效"
REVIEW_REVISE = "需修订"
REVIEW_REPEAL = "建议废止"
REVIEW_CONCLUSIONS = (REVIEW_VALID, REVIEW_REVISE, REVIEW_REPEAL)
# What an open finding of the last review is shown as until a newer version is approved.
REVIEW_FLAGS = {REVIEW_REVISE: "待修订", REVIEW_REPEAL: "建议废止"}


@dataclass(frozen=True)
class ReviewDue:
    due_on: date
    state: str  # "overdue" | "due_soon" | "ok"
    days_left: int
    last_reviewed_on: date | None = None
    flag: str = ""  # "待修订" / "建议废止" while the last review's finding is open, else ""

    @property
    def label(self) -> str:
        if self.state == "overdue":
            return f"已逾期 {-self.days_left} 天"
        if self.state == "due_soon":
            return f"{self.days_left} 天内到期"
        return "未到期"

    @property
    def needs_attention(self) -> bool:
        return self.state != "ok" or bool(self.flag)


def review_flag(
    last_conclusion: str | None, last_reviewed_on: date | None, latest_approved_effective: date | None
) -> str:
    """The open finding of the last review: 需修订 shows as 待修订 (建议废止 as itself) until a
    version approved with an effective date after the review day answers it."""
    flag = REVIEW_FLAGS.get(last_conclusion or "", "")
    if not flag or last_reviewed_on is None:
        return ""
    if latest_approved_effective is not None and latest_approved_effective > last_reviewed_on:
        return ""
    return flag


def review_due(
    effective_date: date,
    interval_months: int,
    today: date,
    window_days: int = 30,
    last_reviewed_on: date | None = None,
    flag: str = "",
) -> ReviewDue:
    """ISO 9001 7.5.2 asks for review and update as needed: a document is due for review
    `interval_months` after its in-force version took effect or after its last periodic review,
    whichever is later."""
    base = effective_date if last_reviewed_on is None else max(effective_date, last_reviewed_on)
    due_on = add_months(base, max(1, int(interval_months or 12)))
    days_left = (due_on - today).days
    if days_left < 0:
        state = "overdue"
    elif days_left <= window_days:
        state = "due_soon"
    else:
        state = "ok"
    return ReviewDue(due_on, state, days_left, last_reviewed_on, flag)


# -------------------------------------------------------------------- distribution (签阅)
def parse_distribution(value: str | None) -> set[str] | None:
    """'all' (or empty) -> None meaning everyone; 'window_staff,evaluator' -> a set of roles."""
    value = (value or "").strip()
    if not value or value == "all":
        return None
    return {part.strip() for part in value.split(",") if part.strip()}


def is_distributed_to(distribution: str | None, role: str) -> bool:
    roles = parse_distribution(distribution)
    return roles is None or role in roles
