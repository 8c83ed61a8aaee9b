"""Nonconformities the records suggest (ISO 9001 10.2.1, 9.1.3). Pure: facts in, proposals out.

Each proposal has a stable key, so scanning the records twice proposes nothing twice, and a
rejected proposal stays rejected. The quality manager accepts or rejects each with a reason,
as evaluators do with scoring proposals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Proposal:
    key: str
    source: str  # vocab.SOURCES
    title: str
    description: str
    found_on: date
    window_id: int | None = None
    department_id: int | None = None
    iso_clause: str = ""
    severity: str = "minor"


@dataclass(frozen=True)
class Thresholds:
    red_lights_per_month: int = 3  # a window with ≥ 3 red-light cases in a month *(default)*
    repeated_findings: int = 2  # the same clause found wanting at the same place in ≥ 2 audits
    objective_months: int = 2  # an objective missed two months running


def red_light_months(red_due_dates) -> dict[tuple[int, int, int], int]:
    """{(window_id, year, month): red cases} from (window_id, due_on) pairs of cases that went
    red: a case turns red the day after its due date, so that day decides the month."""
    out: dict[tuple[int, int, int], int] = {}
    for window_id, due_on in red_due_dates:
        d = due_on + timedelta(days=1)
        key = (window_id, d.year, d.month)
        out[key] = out.get(key, 0) + 1
    return out


def from_red_lights(counts: dict, window_labels: dict, t: Thresholds = Thresholds()) -> list[Proposal]:
    out = []
    for (wid, y, m), n in sorted(counts.items()):
        if n >= t.red_lights_per_month:
            label = window_labels.get(wid, f"窗口{wid}")
            last = date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
            out.append(
                Proposal(
                    f"red:{wid}:{y}-{m:02d}",
                    "red_light",
                    f"{label} {y}年{m}月红灯办件 {n} 件",
                    f"{label}在 {y}年{m}月有 {n} 件办件超过承诺时限亮红灯（阈值 {t.red_lights_per_month} 件），"
                    "未满足限时办结要求。",
                    last,
                    window_id=wid,
                    iso_clause="8.5.1",
                )
            )
    return out


def from_complaints(complaints, window_labels: dict) -> list[Proposal]:
    """complaints: (id, number, window_id, received_on, content, valid) — a 属实 complaint."""
    out = []
    for cid, number, wid, on, content, valid in complaints:
        if not valid:
            continue
        label = window_labels.get(wid, "")
        out.append(
            Proposal(
                f"complaint:{cid}",
                "complaint",
                f"效能投诉属实：{number}{' · ' + label if label else ''}",
                (content or "").strip()[:500] or f"投诉 {number} 经核实属实。",
                on,
                window_id=wid,
                iso_clause="9.1.2",
            )
        )
    return out


def from_ratings(ratings, window_labels: dict, today: date) -> list[Proposal]:
    """ratings: (id, window_id, rated_on, grade, upheld, rectify_due_on, rectified_on) — an upheld
    差评 not rectified by its due date (still open after it, or rectified late)."""
    out = []
    for rid, wid, on, grade, upheld, due, done in ratings:
        if not upheld or due is None:
            continue
        late = (done is None and due < today) or (done is not None and done > due)
        if not late:
            continue
        label = window_labels.get(wid, "")
        how = "至今未整改" if done is None else f"于 {done.isoformat()} 才整改"
        out.append(
            Proposal(
                f"rating:{rid}",
                "rating",
                f"差评未按期整改{' · ' + label if label else ''}（{on.isoformat()}）",
                f"{on.isoformat()} 的差评（{grade} 分）经核实属实，整改期限 {due.isoformat()}，{how}。",
                done or due,
                window_id=wid,
                iso_clause="9.1.2",
            )
        )
    return out


def from_findings(findings, t: Thresholds = Thresholds()) -> list[Proposal]:
    """findings: (audit_id, audit_number, performed_on, clause, place_key, place_label, result) —
    the same clause found wanting (不符合 or 观察项) at the same place in ≥ 2 audits."""
    groups: dict[tuple[str, str], list] = {}
    for row in findings:
        audit_id, _num, _on, clause, place, _label, result = row
        if result in ("nonconform", "observation"):
            groups.setdefault((clause, place), []).append(row)
    out = []
    for (clause, place), rows in sorted(groups.items()):
        audits = {r[0] for r in rows}
        if len(audits) < t.repeated_findings:
            continue
        rows.sort(key=lambda r: r[2])
        numbers = "、".join(dict.fromkeys(r[1] for r in rows))
        label = rows[-1][5] or "全中心"
        out.append(
            Proposal(
                f"audit_repeat:{clause}:{place}:{len(audits)}",
                "audit",
                f"审核重复发现：{clause} · {label}",
                f"条款 {clause} 在{label}于 {len(audits)} 次内部审核中均有发现（{numbers}），需分析共性原因。",
                rows[-1][2],
                iso_clause=clause,
            )
        )
    return out


def missed_runs(values, target: float, higher_is_better: bool = True, run: int = 2) -> list[tuple[int, int]]:
    """(year, month) where the objective was missed `run` months in a row, ending that month.
    values: [(year, month, value or None)] in order; a month without data breaks the run."""
    out, streak = [], 0
    for y, m, v in values:
        missed = v is not None and (v < target if higher_is_better else v > target)
        streak = streak + 1 if missed else 0
        if streak >= run:
            out.append((y, m))
    return out


def from_objectives(objectives, t: Thresholds = Thresholds()) -> list[Proposal]:
    """objectives: (id, name, target, higher_is_better, values) with values as in missed_runs."""
    out = []
    for oid, name, target, hib, values in objectives:
        for y, m in missed_runs(values, target, hib, t.objective_months):
            last = date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
            out.append(
                Proposal(
                    f"objective:{oid}:{y}-{m:02d}",
                    "objective",
                    f"质量目标连续未达成：{name}",
                    f"质量目标“{name}”（目标值 {target:g}%）连续 {t.objective_months} 个月未达成，截至 {y}年{m}月。",
                    last,
                    iso_clause="6.2",
                )
            )
    return out
