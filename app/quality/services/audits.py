"""Internal audit (ISO 9001 9.2): 内审员 assignments, the yearly programme, audit plans whose team
is independent of what it audits, checklists from the clauses and the documents in force on the
audit date, findings (a 不符合 opens a nonconformity), the report, and closure once the audit's
nonconformities are closed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ...audit.services import record
from ...auth.models import User
from ...core.timeutil import local_today
from ...extensions import db
from ...kernel import SAME_TRANSACTION
from .. import queries
from ..logic import audits as al
from ..logic.vocab import FINDINGS
from ..models import Audit, AuditMember, AuditProgramme, ChecklistItem, InternalAuditor
from .closure import close_audit_if_done
from .common import QualityError, check_version, flush, require
from .nonconformities import create_nc

AUDIT_PROCEDURE = "SF-QP-03"  # 内部审核程序: the report cites the version in force on the audit date


def _clauses(value) -> list[str]:
    if isinstance(value, str):
        value = value.replace("，", ",").replace("、", ",").split(",")
    out = [c.strip() for c in value or [] if c and c.strip()]
    unknown = [c for c in out if not al.known_clause(c)]
    if unknown:
        raise QualityError(f"不是 ISO 9001 的条款：{'、'.join(unknown)}。")
    return list(dict.fromkeys(out))


def _ids(values) -> list[int]:
    if isinstance(values, str):
        values = values.split(",")
    return sorted({int(v) for v in values or [] if str(v).strip().isdigit()})


def appoint_auditor(
    user,
    auditor_user_id: int,
    department_id: int | None = None,
    window_id: int | None = None,
    owned_clauses: str = "",
    qualified_on: date | None = None,
    certificate: str = "",
) -> InternalAuditor:
    """内审员 assignment (9.2.2 c, 7.2): who may audit, and where they work (so they never audit it)."""
    require(user, "quality.manage")
    person = db.session.get(User, auditor_user_id) if auditor_user_id else None
    if person is None or not person.active:
        raise QualityError("请选择在职的人员担任内审员。")
    clauses = _clauses(owned_clauses)
    row = db.session.scalar(select(InternalAuditor).where(InternalAuditor.user_id == person.id))
    if row is None:
        row = InternalAuditor(user_id=person.id)
        db.session.add(row)
    if window_id and not department_id:
        from ...records.models import Window

        w = db.session.get(Window, window_id)
        department_id = w.department_id if w else None
    row.department_id, row.window_id = department_id or None, window_id or None
    row.owned_clauses, row.qualified_on, row.certificate = ",".join(clauses), qualified_on, (certificate or "").strip()
    row.active = True
    flush()
    record(
        user,
        "appoint",
        "internal_auditor",
        row.id,
        {
            "user": person.display_name,
            "department_id": department_id,
            "window_id": window_id,
            "owned": row.owned_clauses,
        },
    )
    return row


def create_programme(user, year: int, title: str = "", note: str = "") -> AuditProgramme:
    """年度内部审核方案 (9.2.2 a)."""
    require(user, "quality.manage")
    if not year or not 2000 <= int(year) <= 2100:
        raise QualityError("请填写审核方案的年度。")
    if db.session.scalar(select(AuditProgramme.id).where(AuditProgramme.year == year)):
        raise QualityError(f"{year} 年的内部审核方案已存在。")
    p = AuditProgramme(year=year, title=(title or f"{year}年度内部审核方案").strip(), note=(note or "").strip())
    db.session.add(p)
    flush()
    record(user, "create", "audit_programme", p.id, {"year": year, "title": p.title})
    return p


def _next_audit_number(year: int) -> str:
    n = db.session.scalar(select(func.count()).select_from(Audit).where(Audit.number.like(f"NS-{year}-%"))) or 0
    return f"NS-{year}-{n + 1:02d}"


def plan_audit(
    user,
    programme: AuditProgramme,
    *,
    title: str,
    planned_on: date | None,
    clauses,
    window_ids=(),
    department_ids=(),
    rule_numbers: str = "",
    member_ids=(),
    leader_id: int | None = None,
) -> Audit:
    """An audit of the programme with its scope and team; refused when a member is not an active
    内审员 or is not independent of the scope (9.2.2 c)."""
    require(user, "quality.manage")
    title = (title or "").strip()
    if not title:
        raise QualityError("请填写审核名称。")
    if planned_on is None:
        raise QualityError("请填写计划审核日期（YYYY-MM-DD）。")
    if planned_on.year != programme.year:
        raise QualityError(f"审核日期应在方案年度 {programme.year} 年内。")
    clauses = _clauses(clauses)
    if not clauses:
        raise QualityError("请填写审核的条款范围。")
    window_ids, department_ids, member_ids = _ids(window_ids), _ids(department_ids), _ids(member_ids)
    if leader_id and leader_id not in member_ids:
        member_ids.append(leader_id)
    if not member_ids:
        raise QualityError("请指定审核组成员（内审员）。")
    rules = [n.strip() for n in (rule_numbers or "").replace("，", ",").split(",") if n.strip()]
    from ...documents.services import find_by_number

    missing = [n for n in rules if find_by_number(n) is None]
    if missing:
        raise QualityError(f"没有编号为 {'、'.join(missing)} 的文件。")
    scope = al.AuditScope(0, title, frozenset(clauses), frozenset(window_ids), frozenset(department_ids))
    problems = queries.independence_problems(member_ids, scope)
    if problems:
        raise QualityError("审核组不满足独立性要求：" + "；".join(problems) + "。")
    audit = Audit(
        programme_id=programme.id,
        number=_next_audit_number(programme.year),
        title=title,
        planned_on=planned_on,
        clauses=",".join(clauses),
        window_ids=",".join(map(str, window_ids)),
        department_ids=",".join(map(str, department_ids)),
        rule_numbers=",".join(rules),
    )
    db.session.add(audit)
    db.session.flush()
    for uid in member_ids:
        db.session.add(AuditMember(audit_id=audit.id, user_id=uid, is_leader=uid == (leader_id or member_ids[0])))
    flush()
    record(
        user,
        "plan",
        "internal_audit",
        audit.id,
        {
            "number": audit.number,
            "title": title,
            "clauses": audit.clauses,
            "windows": audit.window_ids,
            "departments": audit.department_ids,
            "team": member_ids,
        },
    )
    return audit


def build_checklist(user, audit: Audit) -> int:
    """The checklist: each clause in scope, then the procedures covering it and the rules the audit
    names, as their text stands in force on the audit date (7.5.3: the auditee is held to the
    version that applied). Rebuilt only while nothing has been recorded."""
    require(user, "quality.manage")
    if audit.state != "planned":
        raise QualityError("审核已实施，检查表不能重建。")
    if any(i.finding for i in audit.items):
        raise QualityError("检查表已有审核记录，不能重建。")
    lines = queries.checklist_lines(audit)
    for old in list(audit.items):
        db.session.delete(old)  # unanswered lines of a draft checklist, never a finding
    db.session.flush()
    places = queries.scope_places(audit)
    for seq, line in enumerate(lines, start=1):
        place, wid = places[0] if len(places) == 1 else ("", None)
        db.session.add(
            ChecklistItem(
                audit_id=audit.id,
                seq=seq,
                clause=line.clause,
                document_number=line.document_number,
                article=line.article,
                question=line.question,
                place=place,
                window_id=wid,
            )
        )
    flush()
    db.session.expire(audit, ["items"])
    record(user, "checklist", "internal_audit", audit.id, {"number": audit.number, "lines": len(lines)})
    return len(lines)


def is_member(user, audit: Audit) -> bool:
    return user is not None and any(m.user_id == user.id for m in audit.members)


def record_finding(
    user,
    item: ChecklistItem,
    finding: str,
    evidence: str,
    window_id: int | None = None,
    severity: str = "minor",
    today: date | None = None,
) -> ChecklistItem:
    """符合 / 观察项 / 不符合 with its evidence, by a member of the audit team. A 不符合 opens a
    nonconformity (source 内部审核发现, requirement = the line's clause and document article)."""
    require(user, "quality.audit")
    audit = item.audit
    today = today or local_today()
    if not is_member(user, audit):
        raise QualityError("只有本次审核的审核组成员可以记录审核发现。")
    if audit.state not in ("planned", "performed"):
        raise QualityError("审核报告已发布，审核发现不能再修改。")
    if finding not in FINDINGS:
        raise QualityError("请选择审核结论：符合、观察项或不符合。")
    evidence = (evidence or "").strip()
    if finding != "conform" and not evidence:
        raise QualityError("观察项和不符合必须写明客观证据。")
    if item.nc_id and finding != "nonconform":
        raise QualityError(f"该条已开具不合格 {item.nc.number}，请在不合格中作废后再改结论。")
    if window_id:
        if window_id not in audit.window_id_list:
            raise QualityError("所选窗口不在本次审核范围内。")
        item.window_id = window_id
        item.place = queries.window_labels().get(window_id, "")
    item.finding, item.evidence, item.recorded_by_id = finding, evidence, user.id
    if finding == "nonconform" and not item.nc_id:
        title = (
            f"内审不符合：{item.question}"
            if item.question.startswith(item.clause)
            else f"内审不符合：{item.clause} {item.question}"
        )[:200]
        nc = create_nc(
            user,
            source="audit",
            title=title,
            description=evidence,
            found_on=today,
            window_id=item.window_id,
            iso_clause=item.clause,
            rule_number=item.document_number,
            rule_article=item.article if _is_rule(item.document_number) else "",
            severity=severity if severity in ("major", "minor") else "minor",
            owner_id=queries.quality_owner_id(user),
            source_ref=f"audit:{audit.number}:{item.seq}",
            audit_id=audit.id,
            today=today,
        )
        item.nc_id = nc.id
    flush()
    record(
        user,
        "finding",
        "internal_audit",
        audit.id,
        {
            "number": audit.number,
            "seq": item.seq,
            "clause": item.clause,
            "finding": finding,
            "evidence": evidence,
            "nc": item.nc.number if item.nc_id else "",
        },
    )
    return item


def _is_rule(number: str) -> bool:
    from ...documents.services import find_by_number

    doc = find_by_number(number) if number else None
    return doc is not None and doc.kind == "rule"


def perform(user, audit: Audit, performed_on: date | None, summary: str, row_version=SAME_TRANSACTION) -> Audit:
    """Mark the audit carried out: every checklist line has a finding."""
    require(user, "quality.audit")
    if not is_member(user, audit):
        raise QualityError("只有审核组成员可以确认审核实施。")
    check_version(audit, row_version)
    if audit.state != "planned":
        raise QualityError("该审核已实施。")
    if not audit.items:
        raise QualityError("请先生成检查表并逐项记录。")
    open_lines = [i.seq for i in audit.items if not i.finding]
    if open_lines:
        raise QualityError(f"检查表第 {'、'.join(map(str, open_lines[:10]))} 项尚未记录审核结论。")
    audit.performed_on = performed_on or local_today()
    audit.summary = (summary or "").strip()
    audit.state = "performed"
    flush()
    record(user, "perform", "internal_audit", audit.id, {"number": audit.number, "on": audit.performed_on.isoformat()})
    return audit


def issue_report(user, audit: Audit, row_version=SAME_TRANSACTION, today: date | None = None) -> Audit:
    """The audit report becomes a record (7.5.3, 9.2.2 d): frozen from now on."""
    require(user, "quality.audit")
    if not is_member(user, audit) or not any(m.is_leader and m.user_id == user.id for m in audit.members):
        raise QualityError("审核报告由审核组长发布。")
    check_version(audit, row_version)
    if audit.state != "performed":
        raise QualityError("审核实施后才能发布审核报告。")
    today = today or local_today()
    audit.state, audit.report_issued_on, audit.report_issued_by_id = "reported", today, user.id
    audit.procedure_version_id = queries.procedure_version_id(AUDIT_PROCEDURE, audit.performed_on)
    close_audit_if_done(audit, today)
    flush()
    record(
        user,
        "report",
        "internal_audit",
        audit.id,
        {"number": audit.number, "on": today.isoformat(), "state": audit.state},
    )
    return audit
