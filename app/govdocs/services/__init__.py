"""Use cases of the govdocs room: the government-document library (library.py: upload, withdraw,
folder import)."""

from .library import (
    GovDocError,
    ImportSummary,
    Meta,
    file_path,
    files_in,
    find_duplicate,
    import_file,
    stored_file,
    upload,
    withdraw,
)

__all__ = [
    "GovDocError",
    "ImportSummary",
    "Meta",
    "file_path",
    "files_in",
    "find_duplicate",
    "import_file",
    "stored_file",
    "upload",
    "withdraw",
]
