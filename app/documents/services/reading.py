"""签阅: staff a version is distributed to confirm having read it once it is in force
(ISO 9001 7.5.3.1: documents available where needed; 7.3: awareness)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...audit.services import record
from ...auth.models import User
from ...auth.permissions import PERMISSIONS, handed_down_center_ids, may_read_handed_down
from ...centers.context import current_center_id
from ...core.timeutil import local_today
from ...extensions import db
from ..logic import lifecycle as lc
from ..models import Acknowledgement, DocumentVersion
from ..queries import applicable_here, in_force_here, versions_in_force
from .common import DocumentError, _flush, _require
from .documents import version_in_force

# Roles that 签阅 at all (the 审核员 changes nothing, so is never expected to sign as read).
_READING_ROLES = sorted(PERMISSIONS["documents.acknowledge"])


def distributed_users(distribution: str) -> list[User]:
    roles = lc.parse_distribution(distribution)
    query = (
        db.select(User).where(User.active.is_(True), User.role.in_(_READING_ROLES)).order_by(User.role, User.username)
    )
    if roles is not None:
        query = query.where(User.role.in_(roles))
    return list(db.session.scalars(query))


def has_acknowledged(user, version: DocumentVersion) -> bool:
    return (
        db.session.scalar(db.select(Acknowledgement.id).filter_by(version_id=version.id, user_id=user.id)) is not None
    )


def acknowledge(user, version: DocumentVersion, today: date | None = None) -> Acknowledgement:
    """Confirm reading the version in force. Idempotent; refused for other versions."""
    _require(user, "documents.acknowledge")
    today = today or local_today()
    doc = version.document
    if doc.center_id == current_center_id():
        current = version_in_force(doc, today)
    elif may_read_handed_down(user, doc):  # a rule handed down: the text in force in the user's center
        current = applicable_here(doc, today).text_version
    else:
        current = None
    if current is None or current.id != version.id:
        raise DocumentError("只能签阅本中心现行有效的版本。")
    if not lc.is_distributed_to(doc.distribution, user.role):
        raise DocumentError("该文件未分发给您所在的岗位，无需签阅。")
    existing = db.session.scalar(db.select(Acknowledgement).filter_by(version_id=version.id, user_id=user.id))
    if existing is not None:
        return existing
    ack = Acknowledgement(version_id=version.id, user_id=user.id)
    db.session.add(ack)
    _flush()
    record(user, "acknowledge", "document_version", version.id, {"number": doc.number, "revision": version.revision})
    _flush()
    return ack


def to_read(user, today: date | None = None) -> list[DocumentVersion]:
    """Versions in force today, distributed to the user's role, not yet acknowledged by the user."""
    today = today or local_today()
    if user.role not in _READING_ROLES:
        return []
    read = set(db.session.scalars(db.select(Acknowledgement.version_id).filter_by(user_id=user.id)))
    return [
        v
        for v in versions_to_read(user, today)
        if v.id not in read and lc.is_distributed_to(v.document.distribution, user.role)
    ]


def versions_to_read(user, today: date) -> list[DocumentVersion]:
    """What the staff of the user's center 签阅 today: the text in force of each rule handed down to
    it, then the center's own versions in force (app.documents.queries.in_force_here)."""
    return in_force_here(today, handed_down_center_ids(user))


@dataclass
class ReadingRow:
    version: DocumentVersion
    expected: int
    read: int

    @property
    def unread(self) -> int:
        return max(0, self.expected - self.read)


def reading_overview(today: date | None = None, user=None) -> list[ReadingRow]:
    """For each version in force: how many of its readers have acknowledged it (two queries); with
    `user`, the rules handed down to the user's center too (its staff's 签阅 of them)."""
    today = today or local_today()
    versions = versions_to_read(user, today) if user is not None else versions_in_force(today)
    users = list(
        db.session.execute(db.select(User.id, User.role).where(User.active.is_(True), User.role.in_(_READING_ROLES)))
    )
    acks: dict[int, set[int]] = {}
    ids = [v.id for v in versions]
    if ids:
        for version_id, user_id in db.session.execute(
            db.select(Acknowledgement.version_id, Acknowledgement.user_id).where(Acknowledgement.version_id.in_(ids))
        ):
            acks.setdefault(version_id, set()).add(user_id)
    rows = []
    for v in versions:
        roles = lc.parse_distribution(v.document.distribution)
        expected = {uid for uid, role in users if roles is None or role in roles}
        rows.append(ReadingRow(v, len(expected), len(expected & acks.get(v.id, set()))))
    return rows


def readers(version: DocumentVersion) -> tuple[list[tuple[User, Acknowledgement]], list[User]]:
    """(who has read it with when, who has not yet) among the users it is distributed to."""
    acks = {a.user_id: a for a in db.session.scalars(db.select(Acknowledgement).filter_by(version_id=version.id))}
    done, pending = [], []
    for user in distributed_users(version.document.distribution):
        if user.id in acks:
            done.append((user, acks[user.id]))
        else:
            pending.append(user)
    return done, pending
