"""The state of each scheduled job, shared by every app server through the database."""

from ..extensions import db


class JobRun(db.Model):
    """One row per job: who holds it now (claimed_until), when it last ran and how it ended."""

    __tablename__ = "job_runs"

    name = db.Column(db.String(60), primary_key=True)
    claimed_until = db.Column(db.DateTime, nullable=True)
    claimed_by = db.Column(db.String(80), nullable=False, default="")
    last_started = db.Column(db.DateTime, nullable=True)
    last_finished = db.Column(db.DateTime, nullable=True)
    last_ok = db.Column(db.Boolean, nullable=True)
    last_report = db.Column(db.Text, nullable=False, default="")
    runs = db.Column(db.Integer, nullable=False, default=0)
