"""The documents room's part of the app beyond its routes: the words of its audit-trail entries and
the signature status every reader page of a version shows (templates call signature_check(version))."""

from flask import has_request_context, request

from .audit_labels import register_labels


def signature_check(version):
    """The version's signature check, once per request (services/signatures.py)."""
    from .services.signatures import check_version

    if not has_request_context():
        return check_version(version)
    cache = request.environ.setdefault("hallmark.signature_checks", {})  # per request, not per app context
    if version.id not in cache:
        cache[version.id] = check_version(version)
    return cache[version.id]


def init_app(app) -> None:
    register_labels()
    app.add_template_global(signature_check)
