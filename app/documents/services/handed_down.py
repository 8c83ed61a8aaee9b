"""Rules handed down (issue 13 item 2): a center below adds, for itself only, a 补充规定 or a
本地版本 to a rule of a center above. Either is the center's own rule document (kind "rule",
`handed_down_from_id` naming the rule above, `variant_kind` saying which) and goes through the
center's normal draft → review → approval flow; what applies on a day follows from
app/documents/logic/handed_down.py (app.documents.queries.applicable_here)."""

from __future__ import annotations

from datetime import date

from ...audit.services import record
from ...auth.permissions import handed_down_center_ids, may_read_handed_down
from ...core.timeutil import local_today
from ..logic import handed_down as hd
from ..logic import lifecycle as lc
from ..models import Document
from ..queries import center_names, upstream_of, variants_of
from .common import DocumentError, _flush, _require
from .documents import create_document, create_draft, open_version


def _upstream_text(upstream: Document, on: date):
    return lc.in_force(upstream.versions, on, upstream.repealed_on)


def attach_variant(
    user,
    upstream: Document,
    variant_kind: str,
    title: str = "",
    content_md: str | None = None,
    change_reason: str = "",
    today: date | None = None,
) -> Document:
    """A new 补充规定 or 本地版本 of the rule `upstream` (handed down to the user's center), with its
    first draft A/0: a local version starts from the upstream text in force, a supplement from the
    text given. One local version per rule and center (later texts are its new versions)."""
    _require(user, "documents.edit")
    today = today or local_today()
    if variant_kind not in hd.VARIANT_KINDS:
        raise DocumentError("请选择“补充规定”或“本地版本”。")
    label = hd.VARIANT_LABELS[variant_kind]
    if not may_read_handed_down(user, upstream):
        raise DocumentError("只能为上级中心下发的制度添加补充规定或本地版本。")
    base = _upstream_text(upstream, today)
    if base is None:
        raise DocumentError("该制度今天不在本中心施行（尚未生效或已被上级废止），不能添加补充规定或本地版本。")
    if variant_kind == hd.LOCAL_VERSION:
        existing = [
            d
            for d in variants_of([upstream.id]).get(upstream.id, [])
            if d.variant_kind == hd.LOCAL_VERSION and d.repealed_on is None
        ]
        if existing:
            raise DocumentError(f"本中心已有该制度的本地版本 {existing[0].number}，请在该文件上起草新版本，不要另建。")
    if content_md is None or (variant_kind == hd.LOCAL_VERSION and not content_md.strip()):
        content_md = base.content_md if variant_kind == hd.LOCAL_VERSION else ""
    title = (
        title or ""
    ).strip() or f"{upstream.title}{'补充规定' if variant_kind == hd.SUPPLEMENT else '（本地版本）'}"
    doc = create_document(
        user,
        "rule",
        title,
        category=upstream.category,
        owner_office=upstream.owner_office,
        review_interval_months=upstream.review_interval_months,
        distribution=upstream.distribution,
        content_md=content_md,
        change_reason=(change_reason or "").strip() or f"{label}：{upstream.number} {base.revision}",
    )
    doc.handed_down_from_id = upstream.id
    doc.variant_kind = variant_kind
    record(
        user,
        "attach_variant",
        "document",
        doc.id,
        {
            "number": doc.number,
            "variant_kind": label,
            "upstream": f"{upstream.number} {upstream.title}",
            "upstream_center": center_names([upstream.center_id]).get(upstream.center_id, ""),
            "upstream_revision": base.revision,
        },
    )
    _flush()
    return doc


def redraft_local_version(user, local: Document, today: date | None = None):
    """A new draft of the center's 本地版本 starting from the upstream text now in force (after the
    center above revised its rule, the local version is stale until a new one is approved)."""
    _require(user, "documents.edit")
    today = today or local_today()
    upstream = upstream_of(local, handed_down_center_ids(user))
    if local.variant_kind != hd.LOCAL_VERSION or upstream is None:
        raise DocumentError("只有本地版本可以按上级新版本起草。")
    if not may_read_handed_down(user, upstream):
        raise DocumentError("只能为上级中心下发的制度起草本地版本。")
    if open_version(local) is not None:
        raise DocumentError("该本地版本已有未完成的版本，请先完成或撤回。")
    base = _upstream_text(upstream, today)
    if base is None:
        raise DocumentError("上级制度今天没有有效文本，不能据此起草。")
    return create_draft(
        user,
        local,
        content_md=base.content_md,
        change_reason=f"按上级 {upstream.number} {base.revision} 修订",
        action="redraft_local_version",
        details={"upstream": upstream.number, "upstream_revision": base.revision},
    )
