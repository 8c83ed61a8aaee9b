"""Reading the trail out of the system: an Excel file of the filtered entries, itself on the trail."""

from ... import kernel
from .. import labels
from ..export import trail_workbook
from ..queries import entries_for_export
from .trail import record


def export_trail(user, filters: dict) -> bytes:
    """The entries `filters` select as an .xlsx (people by name, objects by what they are); the
    export is recorded with its count and filters."""
    kernel.require(user, "audit.view")
    entries, cut = entries_for_export(filters)
    names = labels.describe_entries(entries)
    data = trail_workbook(entries, names, cut)
    record(user, "export", "audit_entries", None, {"count": len(entries), **{k: v for k, v in filters.items() if v}})
    return data
