"""Sealed electronic signatures (21 CFR Part 11 §11.50 signature manifestation, §11.70 signature/record
linking). Pure: no Flask, no database.

A signature's manifest names what was signed and by whom: the signer (id, account, printed name), the
meaning, the step and review round, the time, the document number, revision and title, the effective
date (only the approval fixes one) and the SHA-256 of the exact text. The manifest is canonical JSON;
its seal is HMAC-SHA256 under the server's signature key (app/audit/keys.py: outside the database,
never the session key). Whoever can write the database can change the text, rewrite the stored hashes
or move a signature to someone else, but cannot compute a matching seal; `compare` then names the
field that no longer matches.
"""

from __future__ import annotations

import hashlib
import hmac
import json

FIELDS = (
    "signature_id",
    "version_id",
    "signer_id",
    "signer",
    "printed_name",
    "meaning",
    "step",
    "round",
    "signed_at",
    "number",
    "revision",
    "title",
    "effective_date",
    "content_sha256",
)

FIELD_LABELS = {
    "signature_id": "签名编号",
    "version_id": "所属版本",
    "signer_id": "签名人",
    "signer": "签名人账号",
    "printed_name": "签名人姓名",
    "meaning": "签名含义",
    "step": "签署环节",
    "round": "审核轮次",
    "signed_at": "签名时间",
    "number": "文件编号",
    "revision": "版本号",
    "title": "文件名称",
    "effective_date": "生效日期",
    "content_sha256": "正文内容（SHA-256）",
}


def canonical(manifest: dict) -> str:
    return json.dumps({k: manifest.get(k) for k in FIELDS}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def seal(key: bytes, manifest: dict) -> str:
    return hmac.new(key, canonical(manifest).encode("utf-8"), hashlib.sha256).hexdigest()


def seal_holds(key: bytes, manifest: dict, stored_seal: str | None) -> bool:
    return bool(stored_seal) and hmac.compare_digest(seal(key, manifest), stored_seal)


def compare(signed: dict, current: dict, skip=()) -> list[str]:
    """Fields whose current value differs from the signed one, as Chinese phrases."""
    out = []
    for name in FIELDS:
        if name in skip or name not in current:
            continue
        if signed.get(name) != current.get(name):
            out.append(
                f"{FIELD_LABELS[name]}与签名时不同（签名时：{_shown(signed.get(name))}；现为：{_shown(current.get(name))}）"
            )
    return out


def _shown(value) -> str:
    if value is None or value == "":
        return "无"
    text = str(value)
    return text if len(text) <= 24 else text[:12] + "…" + text[-6:]
