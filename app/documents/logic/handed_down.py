"""Rules handed down (issue 13 item 2): which text of a rule applies in a center on a date.
Pure: no Flask, no database.

A rule made by a center (the city) is in force for the centers below it. A center below may add,
for itself only:
- a local version (本地版本): its own text, which replaces the handed-down text in that center
  from its effective date;
- local supplements (补充规定): additions shown with the handed-down rule, in force in that center
  only, each with its own versions and effective dates.

Decisions (tested in tests/documents/test_handed_down.py):
- Before the handed-down rule takes effect nothing applies, whatever the variants say: a local
  version or supplement never brings a rule into force by itself. Once the rule is repealed
  (已废止) upstream, its variants fall with it.
- A local version replaces the handed-down version it was made against. When the city later
  revises the rule (a city version that takes effect after the local version did), the newer city
  text applies in that center too and the local version is reported stale (`stale_local`): the
  county must make a new local version if it still wants to deviate. The later effective date
  wins; on the same day the local version wins (it was made knowing the city's text).
- A supplement stays in force beside whatever handed-down text applies until it is withdrawn or
  repealed; a supplement whose in-force version took effect before the current city version is
  flagged for review (`stale_supplements`), not dropped.

Versions are any objects with `id`, `status`, `effective_date` (DocumentVersion or stand-ins);
the choice of the one version in force among a document's versions is lifecycle.in_force.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .lifecycle import in_force

SUPPLEMENT = "supplement"
LOCAL_VERSION = "local_version"
VARIANT_KINDS = (SUPPLEMENT, LOCAL_VERSION)
VARIANT_LABELS = {SUPPLEMENT: "补充规定", LOCAL_VERSION: "本地版本"}

SOURCE_CITY = "handed_down"
SOURCE_LOCAL = "local"
SOURCE_LABELS = {SOURCE_CITY: "上级下发", SOURCE_LOCAL: "本地版本"}


@dataclass(frozen=True)
class Variant:
    """A center's own document attached to a handed-down rule."""

    center_id: int
    kind: str  # SUPPLEMENT | LOCAL_VERSION
    versions: tuple
    repealed_on: date | None = None
    document_id: int | None = None

    def __post_init__(self):
        if self.kind not in VARIANT_KINDS:
            raise ValueError(f"unknown variant kind {self.kind!r}")


@dataclass(frozen=True)
class Applicable:
    """What applies in one center on one day."""

    handed_down: object | None  # the upstream version in force (None: the rule is not in force)
    local: object | None = None  # the center's local version that replaces it, if any
    supplements: tuple = ()  # versions of the center's supplements in force, in document order
    stale_local: object | None = None  # a local version displaced by a later upstream revision
    stale_supplements: tuple = field(default=())  # supplements made before the upstream revision

    @property
    def in_force(self) -> bool:
        return self.handed_down is not None

    @property
    def text_version(self):
        """The version whose text is the rule's body in this center."""
        return self.local if self.local is not None else self.handed_down

    @property
    def source(self) -> str | None:
        if self.handed_down is None:
            return None
        return SOURCE_LOCAL if self.local is not None else SOURCE_CITY

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, "")

    def text(self) -> str:
        """The body followed by each supplement, as one Markdown text (the 签阅 copy)."""
        body = self.text_version
        if body is None:
            return ""
        parts = [body.content_md or ""]
        for sup in self.supplements:
            parts.append("## 补充规定\n\n" + (sup.content_md or ""))
        return "\n\n".join(p.rstrip() for p in parts) + "\n"


def _later_wins(upstream, local) -> bool:
    """True when the upstream version took effect strictly after the local version."""
    return upstream.effective_date > local.effective_date


def applicable(
    upstream_versions,
    on_date: date,
    center_id: int,
    variants=(),
    upstream_repealed_on: date | None = None,
    upstream_center_id: int | None = None,
) -> Applicable:
    """What applies in `center_id` on `on_date` of a rule whose own versions are
    `upstream_versions` (made by `upstream_center_id`). Only variants of `center_id` count:
    another county's local version never reaches this one."""
    base = in_force(upstream_versions, on_date, upstream_repealed_on)
    if base is None:
        return Applicable(None)
    if upstream_center_id is not None and upstream_center_id == center_id:
        return Applicable(base)  # the rule's own center: no variants of itself
    own = [v for v in variants if v.center_id == center_id]
    local = None
    stale_local = None
    locals_in_force = [
        lv
        for lv in (in_force(v.versions, on_date, v.repealed_on) for v in own if v.kind == LOCAL_VERSION)
        if lv is not None
    ]
    if locals_in_force:
        newest = max(locals_in_force, key=lambda lv: (lv.effective_date, lv.id or 0))
        if _later_wins(base, newest):
            stale_local = newest
        else:
            local = newest
    supplements = []
    stale = []
    for v in sorted((v for v in own if v.kind == SUPPLEMENT), key=lambda v: v.document_id or 0):
        sv = in_force(v.versions, on_date, v.repealed_on)
        if sv is None:
            continue
        supplements.append(sv)
        if _later_wins(base, sv):
            stale.append(sv)
    return Applicable(base, local, tuple(supplements), stale_local, tuple(stale))


def centers_with_variants(variants, on_date: date) -> dict[int, tuple[str, ...]]:
    """center id -> the kinds of variant it has in force on `on_date` (what the city sees)."""
    found: dict[int, set[str]] = {}
    for v in variants:
        if in_force(v.versions, on_date, v.repealed_on) is not None:
            found.setdefault(v.center_id, set()).add(v.kind)
    return {c: tuple(k for k in VARIANT_KINDS if k in kinds) for c, kinds in sorted(found.items())}
