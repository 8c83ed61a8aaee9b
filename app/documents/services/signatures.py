"""Sealed signatures: seal one when it is made, check every version's signatures (every round) against
their seals, the current record and the audit trail's `sign` entries. The rules of the manifest and
the seal are in logic/seal.py; the key is the server's signature key (app/audit/keys.py)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from sqlalchemy.orm import defer, selectinload

from ...audit.keys import signature_key
from ...audit.queries import entries_about, latest_id
from ...extensions import db
from ..logic import lifecycle as lc
from ..logic import seal as sl
from ..models import DocumentVersion, Signature


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def manifest(sig: Signature, version: DocumentVersion, signer, content_sha256: str, effective_date) -> dict:
    doc = version.document
    return {
        "signature_id": sig.id,
        "version_id": version.id,
        "signer_id": signer.id,
        "signer": signer.username,
        "printed_name": sig.printed_name,
        "meaning": sig.meaning,
        "step": sig.step,
        "round": sig.review_round,
        "signed_at": _iso(sig.signed_at.replace(microsecond=0)) if sig.signed_at else None,
        "number": doc.number,
        "revision": version.revision,
        "title": doc.title,
        "effective_date": _iso(effective_date) if sig.meaning == lc.MEANING_APPROVED else None,
        "content_sha256": content_sha256,
    }


def seal_signature(sig: Signature, version: DocumentVersion, signer, effective_date=None) -> str:
    """Fix the printed name, write the manifest and its seal (the signature must have its id)."""
    sig.printed_name = signer.display_name or signer.username
    if sig.signed_at is not None:
        sig.signed_at = sig.signed_at.replace(microsecond=0)
    m = manifest(sig, version, signer, sig.content_sha256, effective_date)
    sig.manifest = sl.canonical(m)
    sig.seal = sl.seal(signature_key(), m)
    return sig.seal


@dataclass
class VersionCheck:
    version: DocumentVersion
    problems: list = field(default_factory=list)  # Chinese sentences: each one a failed check
    notes: list = field(default_factory=list)  # explained differences (an audited rename, old signatures)
    sealed: int = 0
    unsealed: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def label(self) -> str:
        if self.problems:
            return "签名校验失败"
        if not self.sealed and not self.unsealed:
            return "尚无签名"
        return "签名有效" if not self.unsealed else "签名有效（含升级前未封签的签名）"


def _renames(doc_id: int) -> list:
    """Audited changes of the document's title: [(at, new title)]."""
    out = []
    for e in entries_about("document", [doc_id], ("update",)):
        details = json.loads(e.details or "{}")
        if "title" in details:
            out.append((e.at, details["title"]))
    return out


def check_version(version: DocumentVersion, entries: list | None = None) -> VersionCheck:
    """Every signature of `version` (all rounds) against its seal, the version as it is now, and the
    audit trail's `sign` / `import` entries of the version."""
    result = VersionCheck(version)
    where = f"{version.document.number} {version.revision}"
    key = signature_key()
    entries = entries if entries is not None else entries_about("document_version", [version.id], ("sign", "import"))
    sigs = {s.id: s for s in version.signatures}
    frozen = version.status != lc.DRAFT
    actual = lc.content_sha256(version.content_md)
    renames = None
    for sig in version.signatures:
        signer = sig.user
        current_round = sig.review_round == version.review_round
        content = actual if (current_round and frozen) else sig.content_sha256
        if not sig.seal:
            result.unsealed += 1
            if current_round and frozen and sig.content_sha256 != actual:
                result.problems.append(
                    f"{where}：签名 #{sig.id}（{signer.display_name if signer else '?'}，{sig.meaning}）"
                    "所签的内容与现在的正文不一致。"
                )
            continue
        result.sealed += 1
        try:
            signed = json.loads(sig.manifest or "")
        except ValueError:
            signed = None
        if not isinstance(signed, dict) or not sl.seal_holds(key, signed, sig.seal):
            result.problems.append(f"{where}：签名 #{sig.id} 的签名清单被改动，封签不符（无法证明谁在何时签了什么）。")
            continue
        if signer is None:
            result.problems.append(f"{where}：签名 #{sig.id} 的签名人账号不存在。")
            continue
        now = manifest(sig, version, signer, content, version.effective_date)
        if sig.meaning == lc.MEANING_APPROVED and not current_round:
            now["effective_date"] = signed.get("effective_date")  # an earlier round's approval
        skip = set()
        if now["title"] != signed.get("title"):
            renames = _renames(version.document_id) if renames is None else renames
            if any(title == now["title"] for at, title in renames if sig.signed_at and at >= sig.signed_at):
                skip.add("title")
                result.notes.append(f"文件名称在签名后经登记修改（签名时为《{signed.get('title')}》）。")
        for problem in sl.compare(signed, now, skip=skip):
            result.problems.append(
                f"{where}：签名 #{sig.id}（{signed.get('printed_name')}，{signed.get('meaning')}）{problem}。"
            )
    # the audit trail: every signature it records must still be there, with the same signer and seal
    for e in entries:
        details = json.loads(e.details or "{}")
        listed = (
            details.get("signatures")
            if e.action == "import"
            else ([{"id": details.get("signature_id"), "seal": details.get("seal")}] if e.action == "sign" else [])
        )
        for item in listed or []:
            sid = item.get("id")
            if sid is None:  # a sign entry from before the seals: find the signature by signer and meaning
                if not any(s.user_id == e.user_id and s.meaning == details.get("meaning") for s in version.signatures):
                    result.problems.append(
                        f"{where}：审计追踪记载 {e.username} 于 {e.at:%Y-%m-%d %H:%M} 签“{details.get('meaning')}”，"
                        "数据库中却没有这个签名（被删除或被移给他人）。"
                    )
                continue
            sig = sigs.get(sid)
            if sig is None:
                result.problems.append(
                    f"{where}：签名 #{sid}（审计追踪记载 {e.username or '导入'} 于 {e.at:%Y-%m-%d %H:%M} 所签）"
                    "已从数据库中删除。"
                )
            elif item.get("seal") and sig.seal != item.get("seal"):
                result.problems.append(f"{where}：签名 #{sid} 与审计追踪记录的封签不符。")
            elif e.action == "sign" and e.user_id is not None and sig.user_id != e.user_id:
                result.problems.append(f"{where}：签名 #{sid} 的签名人与审计追踪不符（审计追踪记载为 {e.username}）。")
    # an approved version carries its approval
    if version.status == lc.APPROVED and not any(
        s.meaning == lc.MEANING_APPROVED and s.review_round == version.review_round for s in version.signatures
    ):
        result.problems.append(f"{where}：版本已批准，却没有本轮的“批准”签名。")
    return result


def check_all() -> list[VersionCheck]:
    """Every version that has or had signatures (a signature deleted still leaves its audit entry)."""
    entries = entries_about("document_version", None, ("sign", "import"))
    ids = set(db.session.scalars(db.select(Signature.version_id).distinct()))
    ids |= {int(e.object_id) for e in entries if (e.object_id or "").isdigit()}
    ids |= set(db.session.scalars(db.select(DocumentVersion.id).where(DocumentVersion.status == lc.APPROVED)))
    by_version: dict = {}
    for e in entries:
        by_version.setdefault(e.object_id, []).append(e)
    versions = (
        db.session.scalars(  # documents, signatures and signers in batches: no statement per version
            db.select(DocumentVersion)
            .where(DocumentVersion.id.in_(ids))
            .order_by(DocumentVersion.id)
            .options(
                selectinload(DocumentVersion.document),
                selectinload(DocumentVersion.signatures).selectinload(Signature.user),
            )
        )
        if ids
        else []
    )
    return [check_version(v, by_version.get(str(v.id), [])) for v in versions]


_failing_cache: dict = {}


def failing_versions(max_age: float = 300.0) -> list[VersionCheck]:
    """The versions whose signatures fail, recomputed at most every `max_age` seconds per process
    and whenever a signature or an audit entry was added (for the managers' home page)."""
    stamp = (db.session.scalar(db.select(db.func.count()).select_from(Signature)), latest_id())
    cached = _failing_cache.get("value")
    if cached and cached[0] == stamp and time.monotonic() - cached[1] < max_age:
        # The kept checks name versions by id: the rows of an earlier request's session are detached
        # (a lazy load on them fails), so the versions are read again in this session, in one query.
        kept = cached[2]
        if not kept:
            return []
        versions = {
            v.id: v
            for v in db.session.scalars(
                db.select(DocumentVersion)
                .where(DocumentVersion.id.in_([k[0] for k in kept]))
                .options(defer(DocumentVersion.content_md), selectinload(DocumentVersion.document))
            )
        }
        return [
            VersionCheck(versions[vid], list(problems), list(notes), sealed, unsealed)
            for vid, problems, notes, sealed, unsealed in kept
            if vid in versions
        ]
    failing = [c for c in check_all() if not c.ok]
    _failing_cache["value"] = (
        stamp,
        time.monotonic(),
        [(c.version.id, c.problems, c.notes, c.sealed, c.unsealed) for c in failing],
    )
    return failing
