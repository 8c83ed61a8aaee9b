"""Pages of the procedures room: the document system by ISO level."""

from . import blueprint  # noqa: F401  (registers the routes on app.procedures.bp)
