"""签阅 and read tracking: acknowledge a version, what I have to read, who has read what."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...auth.permissions import permission_required
from ...flashing import refusals_flashed
from ..services import DocumentError, reading
from .common import readable_version


@permission_required("documents.acknowledge")
def acknowledge(version_id):
    v = readable_version(version_id)
    with refusals_flashed(DocumentError):
        reading.acknowledge(current_user, v)
        flash(f"已签阅 {v.document.number}《{v.document.title}》{v.revision}。", "success")
    return redirect(request.form.get("next") or url_for("documents.show", doc_id=v.document_id))


@permission_required("documents.acknowledge")
def to_read():
    return render_template("documents/to_read.html", versions=reading.to_read(current_user))


@permission_required("documents.track_reading")
def reading_overview():
    rows = reading.reading_overview(user=current_user)
    if request.args.get("unread"):
        rows = [r for r in rows if r.unread]
    return render_template("documents/reading.html", rows=rows)


@permission_required("documents.track_reading")
def readers(version_id):
    v = readable_version(version_id)
    done, pending = reading.readers(v)
    return render_template("documents/readers.html", v=v, doc=v.document, done=done, pending=pending)
