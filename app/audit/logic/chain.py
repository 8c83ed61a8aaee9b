"""Hash chain of the audit trail. Pure functions: no Flask, no database."""
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

GENESIS = "0" * 64


def canonical_details(details: dict) -> str:
    return json.dumps(details or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(prev_hash: str, at: datetime, user_id, action: str, object_type: str, object_id, details_json: str) -> str:
    payload = "\x1f".join(
        [prev_hash, at.isoformat(timespec="microseconds"), str(user_id or ""), action, object_type, str(object_id or ""), details_json]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class ChainBreak:
    entry_id: int
    reason: str


def verify_chain(rows) -> list[ChainBreak]:
    """rows: entries in id order with attributes id, at, user_id, action, object_type, object_id,
    details, prev_hash, hash. Returns every place where the chain does not hold."""
    breaks = []
    expected_prev = GENESIS
    for row in rows:
        if row.prev_hash != expected_prev:
            breaks.append(ChainBreak(row.id, "前一条记录的哈希不符（记录被删除或插入）"))
        computed = entry_hash(row.prev_hash, row.at, row.user_id, row.action, row.object_type, row.object_id, row.details)
        if computed != row.hash:
            breaks.append(ChainBreak(row.id, "内容与哈希不符（记录被修改）"))
        expected_prev = row.hash
    return breaks
