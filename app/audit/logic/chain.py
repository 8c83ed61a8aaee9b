"""Hash chain of the audit trail and its signed checkpoints. Pure functions: no Flask, no database.

Each entry's hash is an HMAC-SHA256, under a key kept outside the database, of every stored column
(id, time, user id, username, action, object, details) and the previous entry's hash. Without the key
nobody can recompute the chain after an edit. What the table alone cannot show (rows cut off the end,
the whole table emptied) is caught against a checkpoint: the head id, head hash and row count, signed
with the key and kept in a file outside the table.

Rows written before the key existed carry the old unkeyed SHA-256 (no username, no id); they are
accepted only as a prefix of the chain and, once a checkpoint exists, only as many as it recorded.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime

GENESIS = "0" * 64


def canonical_details(details: dict) -> str:
    return json.dumps(details or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _text(value) -> str:
    return "" if value is None else str(value)


def entry_hash(
    key: bytes,
    entry_id,
    prev_hash: str,
    at: datetime,
    user_id,
    username,
    action: str,
    object_type: str,
    object_id,
    details_json: str,
) -> str:
    """The keyed hash of one entry: every stored column but the hash itself."""
    payload = "\x1f".join(
        [
            "v2",
            _text(entry_id),
            prev_hash,
            at.isoformat(timespec="microseconds"),
            _text(user_id),
            _text(username),
            action,
            object_type,
            _text(object_id),
            details_json,
        ]
    )
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def legacy_entry_hash(
    prev_hash: str, at: datetime, user_id, action: str, object_type: str, object_id, details_json: str
) -> str:
    """The unkeyed hash of entries written before the key existed (kept to verify them)."""
    payload = "\x1f".join(
        [
            prev_hash,
            at.isoformat(timespec="microseconds"),
            str(user_id or ""),
            action,
            object_type,
            str(object_id or ""),
            details_json,
        ]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def row_hash(key: bytes, row) -> str:
    return entry_hash(
        key,
        row.id,
        row.prev_hash,
        row.at,
        row.user_id,
        row.username,
        row.action,
        row.object_type,
        row.object_id,
        row.details,
    )


# ---------------------------------------------------------------- checkpoints

CHECKPOINT_FIELDS = ("head_id", "head_hash", "count", "legacy_rows", "at")


def sign_checkpoint(key: bytes, head_id, head_hash: str, count: int, legacy_rows: int, at: datetime) -> dict:
    body = {
        "head_id": head_id,
        "head_hash": head_hash,
        "count": count,
        "legacy_rows": legacy_rows,
        "at": at.isoformat(timespec="seconds"),
    }
    body["sig"] = _checkpoint_sig(key, body)
    return body


def _checkpoint_sig(key: bytes, body: dict) -> str:
    message = json.dumps({k: body.get(k) for k in CHECKPOINT_FIELDS}, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, ("checkpoint\x1f" + message).encode("utf-8"), hashlib.sha256).hexdigest()


def checkpoint_is_genuine(key: bytes, checkpoint: dict) -> bool:
    try:
        return hmac.compare_digest(str(checkpoint.get("sig", "")), _checkpoint_sig(key, checkpoint))
    except (TypeError, ValueError):
        return False


# ---------------------------------------------------------------- verification


@dataclass
class ChainBreak:
    entry_id: int | None
    reason: str
    last_id: int | None = None  # set when the break covers a range of entries

    def where(self) -> str:
        if self.entry_id is None:
            return "审计链"
        if self.last_id is not None and self.last_id != self.entry_id:
            return f"第 {self.entry_id} 条至第 {self.last_id} 条"
        return f"第 {self.entry_id} 条"

    def __str__(self) -> str:
        return f"{self.where()}：{self.reason}"


@dataclass
class ChainState:
    breaks: list = field(default_factory=list)
    count: int = 0
    head_id: int | None = None
    head_hash: str = GENESIS
    legacy_rows: int = 0

    @property
    def intact(self) -> bool:
        return not self.breaks


MODIFIED = "内容与哈希不符（记录被修改，或改动后重算了哈希）"


def verify_chain(rows, key: bytes, checkpoint: dict | None = None) -> ChainState:
    """rows: entries in id order (attributes id, at, user_id, username, action, object_type, object_id,
    details, prev_hash, hash). checkpoint: the last signed checkpoint, if any. Returns every place where
    the chain does not hold; consecutive modified entries are reported as one range."""
    state = ChainState()
    expected_prev = GENESIS
    previous_id = None
    keyed_seen = False
    legacy_allowed = None if checkpoint is None else int(checkpoint.get("legacy_rows") or 0)
    rows_to_head = 0
    head_row_hash = None
    cp_head = checkpoint.get("head_id") if checkpoint else None
    for row in rows:
        state.count += 1
        if row.prev_hash != expected_prev:
            if previous_id is None:
                reason = "链首不是起始值：此前的记录被删除"
            else:
                reason = f"与上一条（第 {previous_id} 条）接不上：其间的记录被删除、插入或改动"
            state.breaks.append(ChainBreak(row.id, reason))
        if hmac.compare_digest(row.hash, row_hash(key, row)):
            keyed_seen = True
        elif (
            not keyed_seen
            and (legacy_allowed is None or state.legacy_rows < legacy_allowed)
            and row.hash
            == legacy_entry_hash(
                row.prev_hash, row.at, row.user_id, row.action, row.object_type, row.object_id, row.details
            )
        ):
            state.legacy_rows += 1
        else:
            last = state.breaks[-1] if state.breaks else None
            if last is not None and last.reason == MODIFIED and (last.last_id or last.entry_id) == previous_id:
                last.last_id = row.id
            else:
                state.breaks.append(ChainBreak(row.id, MODIFIED))
        if cp_head is not None and row.id <= cp_head:
            rows_to_head += 1
            if row.id == cp_head:
                head_row_hash = row.hash
        expected_prev = row.hash
        previous_id = row.id
        state.head_id, state.head_hash = row.id, row.hash
    if checkpoint is not None:
        state.breaks.extend(_against_checkpoint(key, checkpoint, state, rows_to_head, head_row_hash))
    return state


def _against_checkpoint(key, checkpoint, state, rows_to_head, head_row_hash) -> list[ChainBreak]:
    if not checkpoint_is_genuine(key, checkpoint):
        return [ChainBreak(None, "检查点文件的签名不符（检查点被改动或密钥不对）")]
    head_id, count, at = checkpoint.get("head_id"), int(checkpoint.get("count") or 0), checkpoint.get("at")
    if head_id is None or count == 0:
        return []
    since = f"（{at} 的检查点记录至第 {head_id} 条，共 {count} 条）"
    if state.count == 0:
        return [ChainBreak(None, f"审计表是空的：全部 {count} 条记录被删除{since}")]
    if head_row_hash is None:
        if state.head_id is not None and state.head_id < head_id:
            return [
                ChainBreak(
                    state.head_id + 1, f"末尾的记录被删除{since}，现在只到第 {state.head_id} 条", last_id=head_id
                )
            ]
        return [ChainBreak(head_id, f"检查点记录的最后一条不在表中{since}")]
    problems = []
    if head_row_hash != checkpoint.get("head_hash"):
        problems.append(ChainBreak(head_id, f"哈希与检查点不符：此前的记录被改写并重算了哈希{since}"))
    if rows_to_head != count:
        problems.append(ChainBreak(None, f"至第 {head_id} 条应有 {count} 条，现有 {rows_to_head} 条{since}"))
    return problems
