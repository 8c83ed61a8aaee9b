"""Pages of the govdocs room: the library, upload, reading a document, its file, withdrawing."""

from . import blueprint  # noqa: F401  (registers the routes on app.govdocs.bp)
