"""Tables the whole app shares that belong to no room's subject."""

from ..extensions import db


class CacheStamp(db.Model):
    """The generation of each cache topic (app/core/cache.py), kept in the database when several app
    servers share it, so that a change committed on one server is seen by the others' kept values."""

    __tablename__ = "cache_stamps"

    topic = db.Column(db.String(60), primary_key=True)
    generation = db.Column(db.BigInteger, nullable=False, default=0)
