"""`flask documents load DIR`: the bundled document set (documents/<kind-dir>/<NUMBER>_<REV>.md).

Each file is one approved version with its effective date. Loading is idempotent: a document
or revision already present is left alone, so re-running changes nothing and a new file adds
just its version. Loaded versions carry the signatures of the configured reviewer and approver
over the exact text, like versions approved in the application.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, time

from ...audit.services import record
from ...core.timeutil import utcnow
from ...extensions import db
from ..logic import lifecycle as lc
from ..logic.frontmatter import FrontMatterError, VersionFile, parse_version_file
from ..models import Document, DocumentVersion, Signature
from .documents import find_by_number
from .signatures import seal_signature

META_FIELDS = ("title", "category", "owner_office", "review_interval_months", "iso_clause", "distribution")


@dataclass
class LoadReport:
    documents_created: int = 0
    versions_added: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"新建文件 {self.documents_created} 份，新增版本 {self.versions_added} 个，已存在未变 {self.unchanged} 个"
        )
        if self.errors:
            text += f"，错误 {len(self.errors)} 个"
        return text + "。"


def read_directory(path: str) -> tuple[dict[str, list[VersionFile]], list[str]]:
    """All *.md files under `path` (recursively), grouped by document number, sorted by revision."""
    groups: dict[str, list[VersionFile]] = {}
    errors = []
    for root, _dirs, files in sorted(os.walk(path)):
        for name in sorted(files):
            if not name.endswith(".md") or name.upper().startswith("README"):
                continue
            full = os.path.join(root, name)
            with open(full, encoding="utf-8") as fh:
                text = fh.read()
            try:
                vf = parse_version_file(text, source=os.path.relpath(full, path))
            except FrontMatterError as exc:
                errors.append(f"{os.path.relpath(full, path)}：{exc}")
                continue
            groups.setdefault(vf.number, []).append(vf)
    for number, files in groups.items():
        files.sort(key=lambda f: lc.revision_key(f.revision))
        revisions = [f.revision for f in files]
        if len(set(revisions)) != len(revisions):
            errors.append(f"{number}：版本号重复 {revisions}")
            groups[number] = []
    return groups, errors


def _signed_at(vf: VersionFile) -> datetime:
    # The approval is dated the morning of the effective day (China time 09:00 = 01:00 UTC);
    # a version taking effect later (已批准（待生效）) is approved now, never in the future.
    return min(datetime.combine(vf.effective_date, time(1, 0)), utcnow())


def _add_version(doc: Document, vf: VersionFile, author, reviewer, approver) -> DocumentVersion:
    digest = lc.content_sha256(vf.content_md)
    signed_at = _signed_at(vf)
    version = DocumentVersion(
        document=doc,
        revision=vf.revision,
        content_md=vf.content_md,
        change_reason=vf.change_reason or ("首次发布" if vf.revision == lc.FIRST_REVISION else "修订"),
        status=lc.APPROVED,
        effective_date=vf.effective_date,
        author_id=getattr(author, "id", None),
        created_at=signed_at,
        updated_at=signed_at,
        submitted_at=signed_at,
        approved_at=signed_at,
        content_sha256=digest,
        review_round=1,
    )
    db.session.add(version)
    made = []
    for user, step, meaning in (
        (reviewer, "reviewer", lc.MEANING_REVIEWED),
        (approver, "approver", lc.MEANING_APPROVED),
    ):
        if user is not None:
            sig = Signature(
                version=version,
                user_id=user.id,
                step=step,
                meaning=meaning,
                comment="随文件集导入",
                signed_at=signed_at,
                content_sha256=digest,
                review_round=1,
            )
            db.session.add(sig)
            made.append((sig, user))
    db.session.flush()
    seals = [{"id": sig.id, "seal": seal_signature(sig, version, user, vf.effective_date)} for sig, user in made]
    record(
        author,
        "import",
        "document_version",
        version.id,
        {
            "number": doc.number,
            "revision": vf.revision,
            "source": vf.source,
            "sha256": digest,
            "effective_date": vf.effective_date.isoformat(),
            "signatures": seals,
        },
    )
    return version


def load_directory(path: str, author=None, reviewer=None, approver=None) -> LoadReport:
    """Import every document version under `path` that is not yet in the database."""
    report = LoadReport()
    if not os.path.isdir(path):
        report.errors.append(f"目录不存在：{path}")
        return report
    groups, errors = read_directory(path)
    report.errors.extend(errors)
    for number in sorted(groups):
        files = groups[number]
        if not files:
            continue
        latest = files[-1]
        doc = find_by_number(number)
        if doc is None:
            seq_digits = "".join(ch for ch in number.rsplit("-", 1)[-1] if ch.isdigit())
            doc = Document(
                kind=latest.kind,
                number=number,
                seq=int(seq_digits) if seq_digits else 1,
                title=latest.title,
                category=latest.category,
                owner_office=latest.owner_office,
                review_interval_months=latest.review_interval_months,
                iso_clause=latest.iso_clause,
                distribution=latest.distribution,
                created_by_id=getattr(author, "id", None),
                created_at=utcnow(),
            )
            db.session.add(doc)
            db.session.flush()
            record(author, "import", "document", doc.id, {"number": number, "title": latest.title, "kind": latest.kind})
            report.documents_created += 1
        elif doc.kind != latest.kind:
            report.errors.append(f"{number}：数据库中的类别为 {doc.kind}，文件中为 {latest.kind}，已跳过。")
            continue
        existing = {v.revision for v in doc.versions}
        added = 0
        for vf in files:
            if vf.revision in existing:
                report.unchanged += 1
                continue
            _add_version(doc, vf, author, reviewer, approver)
            added += 1
        report.versions_added += added
        if added:
            changes = {f: getattr(latest, f) for f in META_FIELDS if getattr(doc, f) != getattr(latest, f)}
            for name, value in changes.items():
                setattr(doc, name, value)
            if changes:
                record(author, "update", "document", doc.id, {"number": number, "fields": sorted(changes)})
        db.session.flush()  # the CLI command or the demo loader commits
    return report


def default_signers():
    """(author, reviewer, approver): the demo center's 林书瑶 / 郑怀远 / 周立衡 when present,
    else the rule kind's configured reviewer and approver, else the first administrator."""
    from ...auth.models import User
    from ...auth.roles import ADMIN
    from ...core import demoprofile
    from ..models import KindSetting

    def by_name(name):
        return db.session.scalar(db.select(User).filter_by(username=demoprofile.login(name)))

    author, reviewer, approver = by_name("wenjian"), by_name("shenhe"), by_name("admin")
    setting = db.session.scalar(db.select(KindSetting).filter_by(kind="rule"))
    if reviewer is None and setting is not None and setting.reviewer_id_list:
        reviewer = db.session.get(User, setting.reviewer_id_list[0])
    if approver is None and setting is not None and setting.approver_id:
        approver = db.session.get(User, setting.approver_id)
    if approver is None:
        approver = db.session.scalar(db.select(User).filter_by(role=ADMIN).order_by(User.id))
    return author or approver, reviewer, approver
