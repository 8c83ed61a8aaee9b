"""A file the user downloads: sent as an attachment under its Chinese name; Word and Excel files
get their content type from the name's ending."""

import io

from flask import send_file

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TYPES = {".docx": DOCX, ".xlsx": XLSX}


def download(data, name: str, mimetype: str | None = None):
    """Send `data` (bytes, a binary stream or a file's path) as the attachment `name`."""
    if isinstance(data, bytes | bytearray):
        data = io.BytesIO(data)
    if mimetype is None:
        mimetype = next((t for ending, t in _TYPES.items() if name.lower().endswith(ending)), None)
    return send_file(data, as_attachment=True, download_name=name, mimetype=mimetype)
