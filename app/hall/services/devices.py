"""Hall devices (评价器, 排队叫号) and their tokens: one token per device, shown once, stored as
its SHA-256; scoped to the device's window; revocable with a reason. A device's calls act
without a user: the services take the device, check its window, and audit with its id."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from ...audit.services import record, record_now
from ...core.timeutil import utcnow
from ...extensions import db
from ...kernel import check_version, flush, require
from ...records.models import Window
from ..models import Device
from .common import HallError

KINDS = {"rating": "评价器", "queue": "排队叫号机"}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def register(user, name: str, kind: str, window_id: int) -> tuple[Device, str]:
    """A new device and its token (returned once; only the hash is kept)."""
    require(user, "hall.manage")
    if not (name or "").strip():
        raise HallError("请填写设备名称。")
    if kind not in KINDS:
        raise HallError("请选择设备类型。")
    if db.session.get(Window, window_id) is None:
        raise HallError("请选择设备所在窗口。")
    token = "hm_" + secrets.token_urlsafe(32)
    d = Device(
        name=name.strip()[:80],
        kind=kind,
        window_id=window_id,
        token_hash=_hash(token),
        token_hint=token[-6:],
        created_by_id=user.id,
    )
    db.session.add(d)
    flush()
    record(
        user,
        "create",
        "hall_devices",
        d.id,
        {"name": d.name, "kind": kind, "window_id": window_id, "token_hint": d.token_hint},
    )
    return d, token


def revoke(user, d: Device, reason: str, version) -> Device:
    require(user, "hall.manage")
    check_version(d, version)
    if d.revoked_at:
        raise HallError("该设备的令牌已停用。")
    if not (reason or "").strip():
        raise HallError("请写明停用原因。")
    d.revoked_at, d.revoke_reason = utcnow(), reason.strip()[:200]
    flush()
    record(user, "update", "hall_devices", d.id, {"step": "revoke", "reason": d.revoke_reason})
    return d


def authenticate(token: str | None) -> Device | None:
    """The active device holding `token`, or None (unknown, malformed or revoked)."""
    token = (token or "").strip()
    if not token or len(token) > 200:
        return None
    # A token names its device across the installation (token_hash is unique), as a login names its
    # account: the device is found in whichever center it belongs to, and its call then acts in that
    # center (web/api.py), so a county's device rates the county's cases. One statement.
    d = db.session.scalar(select(Device).where(Device.token_hash == _hash(token)).execution_options(all_centers=True))
    if d is None or d.revoked_at is not None:
        return None
    return d


USED_EVERY = timedelta(minutes=1)  # last use kept to the minute: a busy rating device writes it once a minute


def used(d: Device) -> None:
    """A device's call went through (the service it called wrote the audit entry, naming the
    device): its last use is remembered without bumping the row version a revoke form carries."""
    now = utcnow()
    if d.last_used_at is not None and now - d.last_used_at < USED_EVERY:
        return
    db.session.execute(
        db.update(Device).where(Device.id == d.id).values(last_used_at=now).execution_options(synchronize_session=False)
    )


def audit_refusal(d: Device | None, action: str, status: int, reason: str, path: str) -> None:
    """A refused call (bad token, wrong device, invalid body, a rule): rolled back, audited."""
    record_now(
        None,
        "api_refused",
        "hall_devices",
        getattr(d, "id", None),
        {"action": action, "status": status, "reason": reason, "path": path},
    )


def devices() -> list[Device]:
    return db.session.scalars(select(Device).order_by(Device.revoked_at.is_not(None), Device.id)).all()
