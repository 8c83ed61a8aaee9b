"""Pages of the documents room, one module per subject: parse the request, call a service or a
query, flash / redirect / render. blueprint.py is the routing table on app.documents.bp."""

from . import blueprint  # noqa: F401  (registers the routes on app.documents.bp)
