"""What the home page's 待办 list shows from the hall: hand-overs waiting for confirmation,
推诿 matters, 一次性告知书 that could not be sent, complaint steps due or late, 差评
rectifications late. Plain tuples
(text, endpoint, url args, urgent) so the main room needs no hall types."""

from __future__ import annotations

from datetime import date

from ..auth.permissions import can
from . import queries
from .logic import outbox as outbox_rules
from .services import complaints as complaint_svc
from .services.common import own_window


def tasks(user, today: date) -> list[tuple[str, str, dict, bool]]:
    out = []
    mine = own_window(user, today)
    bound = getattr(user, "role", None) == "window_staff"
    if can(user, "hall.desk"):
        for h, overdue in queries.waiting_handovers(today, window_id=mine.id if mine else None):
            if bound and mine is None:
                break
            out.append(
                (
                    f"首问转交待{'您窗口' if mine else ''}确认：{h.contact.number}“{h.contact.matter}”（{h.from_window.label} 转 {h.to_window.label}）"
                    + ("，已逾期" if overdue else ""),
                    "hall.contact",
                    {"contact_id": h.contact_id},
                    overdue,
                )
            )
    shirks = [
        c
        for c in queries.contacts(shirked=True, limit=50)
        if c.status not in ("answered", "cased") and (not bound or (mine and c.window_id == mine.id))
    ]
    if shirks:
        out.append((f"推诿预警：{len(shirks)} 件首问事项转交两次以上仍未答复", "hall.contacts", {"shirked": 1}, True))
    if can(user, "hall.desk") and not (bound and mine is None):
        for m in queries.failed_messages(window_id=mine.id if mine else None, limit=20):
            out.append(
                (
                    f"一次性告知书 {m.notice.number} 以{outbox_rules.CHANNELS[m.channel]}发送失败：{m.last_error[:60]}",
                    "hall.case",
                    {"case_id": m.case_id},
                    True,
                )
            )
    if can(user, "hall.manage"):
        for c, r in queries.open_complaint_reminders(today, complaint_svc.limits()):
            out.append(
                (
                    f"效能投诉 {c.number} 待{r.label}，期限 {r.due_on:%Y-%m-%d}"
                    + ("（已逾期）" if r.light == "red" else ""),
                    "hall.complaint",
                    {"complaint_id": c.id},
                    r.light == "red",
                )
            )
        late = queries.overdue_rectifications(today)
        if late:
            out.append((f"{late} 条差评整改已逾期", "hall.ratings", {"state": "rectifying"}, True))
    return out
