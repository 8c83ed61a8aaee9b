"""Appending to and checking the audit trail (every room records through `record`) and its signed
checkpoints."""

from .trail import checkpoint_due, checkpoint_path, last_checkpoint, record, record_now, verify, write_checkpoint
from .trail_export import export_trail

__all__ = [
    "checkpoint_due",
    "checkpoint_path",
    "export_trail",
    "last_checkpoint",
    "record",
    "record_now",
    "verify",
    "write_checkpoint",
]
