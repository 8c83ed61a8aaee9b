"""Appending to and checking the audit trail (every room records through `record`)."""
from .trail import record, record_now, verify

__all__ = ["record", "record_now", "verify"]
