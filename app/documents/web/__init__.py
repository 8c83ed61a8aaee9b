"""Pages of the documents room, one module per subject: parse the request, call a service or a
query, flash / redirect / render. Routes are registered on app.documents.bp."""

from . import documents, drafts, handed_down, reading, review, settings, word  # noqa: F401  (registers the routes)
