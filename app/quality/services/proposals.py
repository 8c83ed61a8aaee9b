"""Nonconformities proposed by the records: scan, then accept (opens one) or reject, each with a
reason, as evaluators do with scoring proposals."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ...audit.services import record
from ...core.timeutil import local_today, utcnow
from ...extensions import db
from ...kernel import SAME_TRANSACTION
from .. import queries
from ..logic.vocab import PROPOSAL_ACCEPTED, PROPOSAL_PENDING, PROPOSAL_REJECTED
from ..models import NcProposal
from .common import QualityError, check_version, flush, require
from .nonconformities import open_nc


def scan(user, first: date, last: date, today: date | None = None) -> list[NcProposal]:
    """Store the proposals the records of [first, last] support that are not stored yet."""
    require(user, "quality.manage")
    today = today or local_today()
    found = queries.proposals_from_records(first, last, today)
    keys = {p.key for p in found}
    known = set(db.session.scalars(select(NcProposal.key).where(NcProposal.key.in_(keys)))) if keys else set()
    new = []
    for p in found:
        if p.key in known:
            continue
        known.add(p.key)
        row = NcProposal(
            key=p.key,
            source=p.source,
            title=p.title[:200],
            description=p.description,
            found_on=p.found_on,
            window_id=p.window_id,
            department_id=p.department_id,
            iso_clause=p.iso_clause,
            severity=p.severity,
        )
        db.session.add(row)
        new.append(row)
    flush()
    record(user, "scan", "nc_proposal", None, {"first": first.isoformat(), "last": last.isoformat(), "new": len(new)})
    return new


def accept(
    user,
    proposal: NcProposal,
    reason: str = "",
    owner_id: int | None = None,
    severity: str | None = None,
    row_version=SAME_TRANSACTION,
    today: date | None = None,
):
    require(user, "quality.manage")
    check_version(proposal, row_version)
    if proposal.status != PROPOSAL_PENDING:
        raise QualityError("该建议已处理。")
    nc = open_nc(
        user,
        source=proposal.source,
        title=proposal.title,
        description=proposal.description,
        found_on=proposal.found_on,
        window_id=proposal.window_id,
        department_id=proposal.department_id,
        iso_clause=proposal.iso_clause or "10.2",
        severity=severity or proposal.severity,
        owner_id=owner_id,
        source_ref=proposal.key,
        today=today,
    )
    proposal.status, proposal.nc_id = PROPOSAL_ACCEPTED, nc.id
    proposal.decision_reason = (reason or "").strip()
    proposal.decided_by_id, proposal.decided_at = user.id, utcnow()
    flush()
    record(
        user,
        "accept",
        "nc_proposal",
        proposal.id,
        {"key": proposal.key, "nc": nc.number, "reason": proposal.decision_reason},
    )
    return nc


def reject(user, proposal: NcProposal, reason: str, row_version=SAME_TRANSACTION) -> NcProposal:
    require(user, "quality.manage")
    check_version(proposal, row_version)
    if proposal.status != PROPOSAL_PENDING:
        raise QualityError("该建议已处理。")
    reason = (reason or "").strip()
    if not reason:
        raise QualityError("不采纳时必须填写理由。")
    proposal.status, proposal.decision_reason = PROPOSAL_REJECTED, reason
    proposal.decided_by_id, proposal.decided_at = user.id, utcnow()
    flush()
    record(user, "reject", "nc_proposal", proposal.id, {"key": proposal.key, "reason": reason})
    return proposal
