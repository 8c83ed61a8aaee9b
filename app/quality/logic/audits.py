"""Internal audit (ISO 9001 9.2): programme coverage, auditor independence, checklists. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The clauses a yearly programme must cover (GB/T 19001-2016 clauses 4–10, second level).
PROGRAMME_CLAUSES = [
    "4.1",
    "4.2",
    "4.3",
    "4.4",
    "5.1",
    "5.2",
    "5.3",
    "6.1",
    "6.2",
    "6.3",
    "7.1",
    "7.2",
    "7.3",
    "7.4",
    "7.5",
    "8.1",
    "8.2",
    "8.3",
    "8.4",
    "8.5",
    "8.6",
    "8.7",
    "9.1",
    "9.2",
    "9.3",
    "10.2",
    "10.3",
]


_CLAUSE = re.compile(r"^(4|5|6|7|8|9|10)(\.\d{1,2}){0,3}$")


def known_clause(clause: str) -> bool:
    """A clause of ISO 9001 clauses 4–10 as written: '8', '8.5', '8.5.1', '9.3.2'."""
    return bool(_CLAUSE.match((clause or "").strip()))


@dataclass(frozen=True)
class AuditScope:
    audit_id: int
    label: str
    clauses: frozenset
    window_ids: frozenset = frozenset()
    department_ids: frozenset = frozenset()
    done: bool = False


@dataclass
class Coverage:
    clause_rows: list = field(default_factory=list)  # (clause, [audit_id covering])
    window_rows: list = field(default_factory=list)  # (window_id, [audit_id])
    department_rows: list = field(default_factory=list)
    missing_clauses: list = field(default_factory=list)
    missing_windows: list = field(default_factory=list)
    missing_departments: list = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.missing_clauses or self.missing_windows or self.missing_departments)


def clause_covers(scope_clause: str, clause: str) -> bool:
    """'8' covers '8.5' and '8.5.1'; '8.5' covers '8.5.1'; exact match otherwise."""
    return clause == scope_clause or clause.startswith(scope_clause + ".")


def coverage(audits, clauses, window_ids, department_ids, window_department: dict | None = None) -> Coverage:
    """The coverage matrix of a yearly programme: which audit covers each clause, window and
    department. A window's department counts as covered when the window is audited."""
    window_department = window_department or {}
    cov = Coverage()
    for c in clauses:
        ids = [a.audit_id for a in audits if any(clause_covers(s, c) for s in a.clauses)]
        cov.clause_rows.append((c, ids))
        if not ids:
            cov.missing_clauses.append(c)
    for w in window_ids:
        ids = [a.audit_id for a in audits if w in a.window_ids or window_department.get(w) in a.department_ids]
        cov.window_rows.append((w, ids))
        if not ids:
            cov.missing_windows.append(w)
    for d in department_ids:
        ids = [
            a.audit_id
            for a in audits
            if d in a.department_ids or any(window_department.get(w) == d for w in a.window_ids)
        ]
        cov.department_rows.append((d, ids))
        if not ids:
            cov.missing_departments.append(d)
    return cov


@dataclass(frozen=True)
class Auditor:
    user_id: int
    name: str
    department_id: int | None = None
    window_id: int | None = None
    owned_processes: frozenset = frozenset()  # ISO clauses of the procedures this person owns


def independence_conflicts(auditor: Auditor, scope: AuditScope, window_department: dict | None = None) -> list[str]:
    """Why `auditor` may not audit `scope` (ISO 9001 9.2.2 c: objectivity and impartiality):
    never their own department or window, never a process they own. Empty = independent."""
    window_department = window_department or {}
    out = []
    if auditor.window_id is not None and auditor.window_id in scope.window_ids:
        out.append(f"{auditor.name}在受审核窗口工作")
    own_dept = auditor.department_id
    if own_dept is not None and (
        own_dept in scope.department_ids or any(window_department.get(w) == own_dept for w in scope.window_ids)
    ):
        out.append(f"{auditor.name}所在单位在审核范围内")
    owned = sorted(
        c for c in auditor.owned_processes if any(clause_covers(s, c) or clause_covers(c, s) for s in scope.clauses)
    )
    if owned:
        out.append(f"{auditor.name}是受审核过程（{'、'.join(owned)}）的负责人")
    return out


@dataclass(frozen=True)
class ChecklistLine:
    clause: str
    question: str
    document_number: str = ""
    article: str = ""


def checklist(clauses, clause_titles: dict, documents, max_articles: int = 6) -> list[ChecklistLine]:
    """Checklist lines: one per clause in scope, then per document in force on the audit date
    that covers the clause (procedures by their iso_clause) or that the audit names (rules), its
    articles as questions ("是否按……执行"). documents: (number, title, iso_clause, articles) with
    articles as [(number_cn, text)] (a procedure's section headings with number_cn "")."""
    lines = []
    for c in clauses:
        lines.append(
            ChecklistLine(
                c, f"{c} {clause_titles.get(c, '')}：是否策划、实施并保持，有无成文信息证据？".replace("  ", " ")
            )
        )
        for number, title, iso, articles in documents:
            doc_clauses = [x.strip() for x in (iso or "").replace("，", ",").split(",") if x.strip()]
            if not any(clause_covers(c, d) or clause_covers(d, c) for d in doc_clauses):
                continue
            lines.append(ChecklistLine(c, f"是否按《{title}》执行，记录是否完整？", number))
            for num_cn, text in articles[:max_articles]:
                if num_cn:  # a rule's article
                    lines.append(
                        ChecklistLine(c, f"第{num_cn}条：{_short(text)}——现场是否照此执行？", number, f"第{num_cn}条")
                    )
                else:  # a procedure's section heading
                    lines.append(ChecklistLine(c, f"《{title}》“{_short(text, 30)}”：是否照此执行，有无记录？", number))
    return lines


def _short(text: str, n: int = 60) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= n else t[: n - 1] + "…"
