"""What the home page's 待办 list shows from the quality room: the person's open corrective-action
steps (overdue first), audits they are on the team of, management-review actions they own, and
for the quality manager the pending proposals. Plain tuples (text, endpoint, url args, urgent) so
the main room needs no quality types."""

from __future__ import annotations

from datetime import date

from ..auth.permissions import can
from . import queries
from .logic.vocab import STEP_LABELS


def tasks(user, today: date) -> list[tuple[str, str, dict, bool]]:
    out = []
    for s in queries.open_steps_of(user.id):
        late = s.due_on is not None and s.due_on < today
        out.append(
            (
                f"不合格 {s.nc.number} 待您{STEP_LABELS.get(s.step, s.step)}，期限 {s.due_on:%Y-%m-%d}"
                + ("（已逾期）" if late else ""),
                "quality.nc_detail",
                {"nc_id": s.nc_id},
                late,
            )
        )
    for a in queries.audits_to_perform(user.id):
        what = "实施" if a.state == "planned" else "发布报告"
        out.append(
            (
                f"内部审核 {a.number}“{a.title}”待{what}（计划 {a.planned_on:%Y-%m-%d}）",
                "quality.audit_detail",
                {"audit_id": a.id},
                a.state == "planned" and a.planned_on < today,
            )
        )
    for act in queries.open_review_actions(owner_id=user.id):
        late = act.due_on is not None and act.due_on < today
        out.append(
            (
                f"管理评审 {act.review.number} 措施：{act.text}，期限 {act.due_on:%Y-%m-%d}"
                + ("（已逾期）" if late else ""),
                "quality.review_detail",
                {"review_id": act.review_id},
                late,
            )
        )
    if can(user, "quality.manage"):
        n = len(queries.pending_proposals())
        if n:
            out.append((f"系统建议的不合格 {n} 条待采纳或不采纳", "quality.proposals", {}, False))
    return out
